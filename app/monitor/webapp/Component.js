sap.ui.define(["sap/fe/core/AppComponent"], function (AppComponent) {
  "use strict";
  return AppComponent.extend("e2ba.monitor.Component", {
    metadata: { manifest: "json" }
  });
});

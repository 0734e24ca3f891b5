// Renders the launchpad shell once the sandbox has booted the unified shell container
sap.ui.define(["sap/ushell/Container"], function (Container) {
  "use strict";
  Container.createRendererInternal("fiori2", true).then(function (renderer) {
    renderer.placeAt("content");
  });
});

import { Assets } from '#cds-models/e2ba'

export interface AssetMaster {
  plant?: string | null
  equipment?: string | null
  functionalLocation?: string | null
}

/** The S/4 technical object of an asset, as admins maintain it (e2ba.Assets), in the current transaction */
export const readAssetMaster = (assetId: string) =>
  SELECT.one.from(Assets).columns('plant', 'equipment', 'functionalLocation').where({ assetId }) as Promise<AssetMaster | undefined>

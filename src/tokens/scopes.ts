/** Downstream resources the backend calls on the user's behalf (OBO) or as itself (S2S). */
export const SCOPES = {
  /** OneLake (ADLS Gen2 / blob endpoints of Fabric). */
  oneLake: 'https://storage.azure.com/.default',
  /** Fabric REST, public and workload-control APIs (resource "Power BI Service"). */
  fabric: 'https://analysis.windows.net/powerbi/api/.default',
} as const;

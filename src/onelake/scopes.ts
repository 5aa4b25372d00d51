/** The delegated scope OneLake (Azure Storage) accepts: what a job must hold to write files on the user's behalf. */
export const ONELAKE_SCOPE = 'https://storage.azure.com/.default';

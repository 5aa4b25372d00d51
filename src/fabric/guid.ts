/** A GUID in its canonical 8-4-4-4-12 hex form, any case (workspace, item, job, tenant and app ids). */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The same, lower case only: how Entra writes tenant and object ids, and how this app stores ids. */
export const LOWER_CASE_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

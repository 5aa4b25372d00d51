/**
 * Size limits of item content. Chosen so one item always fits in one Table Storage entity (1 MiB, binary
 * properties of 64 KiB): definition bytes + payload bytes ≤ 896 KiB, the rest (names, part list, dates) ≤ ~40 KiB.
 * See docs/items.md.
 */
const KiB = 1024;

/** Swagger: "Cannot exceed 256 characters". */
export const MAX_DISPLAY_NAME_LENGTH = 256;
export const MAX_DESCRIPTION_LENGTH = 4096;
export const MAX_DEFINITION_PARTS = 32;
export const MAX_PART_PATH_LENGTH = 256;
export const MAX_DEFINITION_FORMAT_LENGTH = 64;
/** Decoded bytes of one definition part. */
export const MAX_PART_BYTES = 512 * KiB;
/** Decoded bytes of all parts together. */
export const MAX_DEFINITION_BYTES = 768 * KiB;
/** UTF-8 bytes of a WDK creation/update payload (and of the stored payload after merging). */
export const MAX_PAYLOAD_BYTES = 128 * KiB;
/** Nesting depth of a WDK payload. */
export const MAX_PAYLOAD_DEPTH = 32;
/** Request bodies of the lifecycle routes: the largest definition in base64 plus envelope. */
export const MAX_LIFECYCLE_REQUEST_BYTES = 1280 * KiB;

// Apart from the schemas, so that the command line reads certificates without loading zod.
/** Largest CA bundle, certificate or key the main process reads, chosen or uploaded. */
export const MAX_CERTIFICATE_BYTES = 1024 * 1024;

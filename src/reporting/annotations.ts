/** Annotation carried by a test the safety rules excluded; the run header lists them. */
export const EXCLUDED_ANNOTATION = 'excluded';

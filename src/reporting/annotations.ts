/** Annotation carried by a test the safety rules excluded; the run header lists them. */
export const EXCLUDED_ANNOTATION = 'excluded';
/** Annotation of a test whose gate had too little data to judge (never a pass). */
export const INCONCLUSIVE_ANNOTATION = 'inconclusive';

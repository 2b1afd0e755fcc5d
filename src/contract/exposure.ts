// Raw files the legacy dashboard's working directory holds. Neither service may hand them (or a
// listing of them) to an anonymous client: the real legacy dashboard is a static file server rooted
// at its data folder and serves all of them to anyone.
export const RAW_DATA_FILES = [
  '/cartera.csv',
  '/cobranzas_prepagas.csv',
  '/contratos.csv',
  '/gestores.csv',
  '/data/brokers_supervisors.json',
  '/data/commissions_rules.json',
  '/data/prizes_rules.json',
  '/.cache/analytics.json',
  '/.cache/analytics_meta.json',
  '/.env',
] as const;

export const LISTABLE_DIRECTORIES = ['/', '/data/', '/.cache/'] as const;

/** Names whose appearance in a 200 answer for a directory means its content is being listed. */
export const LISTING_MARKERS = [
  'cartera.csv',
  'cobranzas_prepagas.csv',
  'contratos.csv',
  'gestores.csv',
  '.env',
  'commissions_rules.json',
];

/** A raw file is exposed when it answers 200 with a body. */
export function exposesFile(status: number, body: string): boolean {
  return status === 200 && body.trim().length > 0;
}

/** A directory is exposed when a 200 answer names the raw files it holds. */
export function exposesListing(status: number, body: string): boolean {
  return status === 200 && LISTING_MARKERS.some((marker) => body.includes(marker));
}

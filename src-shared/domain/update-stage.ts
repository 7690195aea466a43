/**
 * Staged updates (issue 17 item 5): which release of an update channel a terminal is offered. Pure: HQ's feed
 * route (src-hq/services/updates.ts) and its admin preview use it, and its tests pin the rule.
 *
 * A release is published to a channel with a rollout: store groups it is for, and a percentage of all other
 * terminals. A terminal is in a release's stage when its store's group is listed, or its bucket (0–99, a hash
 * of channel, version and terminal id, so the same terminals stay in as the percentage grows) is below the
 * percentage. A terminal gets the newest release it is in the stage of; outside the newest stage it gets the
 * release before (the one it was already offered), never nothing when an older release reaches it.
 */

export const UPDATE_CHANNEL_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;
export const RELEASE_VERSION_PATTERN = /^(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

export interface Rollout {
  /** Store groups the release is for (all their terminals). */
  storeGroups: readonly string[];
  /** 0–100: this share of the other terminals (by bucket). 100 = every terminal. */
  percent: number;
}

export interface StagedRelease {
  version: string;
  rollout: Rollout;
}

export interface FeedTerminal {
  terminalId: string;
  /** The group of the terminal's store, or null. */
  groupId: string | null;
}

/** FNV-1a (32 bit) of the text: a stable, evenly spread bucket without a crypto dependency. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The terminal's bucket for one release: 0–99. */
export function rolloutBucket(channel: string, version: string, terminalId: string): number {
  return fnv1a(`${channel}\u0000${version}\u0000${terminalId}`) % 100;
}

export function inStage(channel: string, release: StagedRelease, terminal: FeedTerminal): boolean {
  if (terminal.groupId !== null && release.rollout.storeGroups.includes(terminal.groupId)) return true;
  return rolloutBucket(channel, release.version, terminal.terminalId) < release.rollout.percent;
}

/** Semantic version order (major.minor.patch, a pre-release before its release); NaN-free for RELEASE_VERSION_PATTERN. */
export function compareVersions(a: string, b: string): number {
  const pa = RELEASE_VERSION_PATTERN.exec(a);
  const pb = RELEASE_VERSION_PATTERN.exec(b);
  if (!pa || !pb) throw new Error(`not a release version: ${!pa ? a : b}`);
  for (let i = 1; i <= 3; i++) {
    const d = Number(pa[i]) - Number(pb[i]);
    if (d !== 0) return Math.sign(d);
  }
  const ra = pa[4];
  const rb = pb[4];
  if (ra === undefined || rb === undefined) return ra === rb ? 0 : ra === undefined ? 1 : -1;
  const xa = ra.split('.');
  const xb = rb.split('.');
  for (let i = 0; i < Math.max(xa.length, xb.length); i++) {
    const ia = xa[i];
    const ib = xb[i];
    if (ia === undefined) return -1;
    if (ib === undefined) return 1;
    const na = /^\d+$/.test(ia);
    const nb = /^\d+$/.test(ib);
    if (na && nb && Number(ia) !== Number(ib)) return Math.sign(Number(ia) - Number(ib));
    if (na !== nb) return na ? -1 : 1;
    if (!na && ia !== ib) return ia < ib ? -1 : 1;
  }
  return 0;
}

/** The release the terminal is offered on the channel: the newest one whose stage it is in, or null. */
export function releaseForTerminal<R extends StagedRelease>(channel: string, releases: readonly R[], terminal: FeedTerminal): R | null {
  const newestFirst = [...releases].sort((a, b) => compareVersions(b.version, a.version));
  return newestFirst.find((r) => inStage(channel, r, terminal)) ?? null;
}

/** Which feed file lists an artifact, by its extension (electron-updater's names); null = served, not listed (.blockmap). */
export type UpdatePlatform = 'win' | 'linux' | 'mac';
export const FEED_FILE: Record<UpdatePlatform, string> = { win: 'latest.yml', linux: 'latest-linux.yml', mac: 'latest-mac.yml' };

export function platformOfArtifact(name: string): UpdatePlatform | null {
  if (/\.(exe|msi)$/i.test(name)) return 'win';
  if (/\.(AppImage|deb|rpm)$/i.test(name)) return 'linux';
  if (/\.(dmg|zip)$/i.test(name)) return 'mac';
  return null;
}

/** An artifact's file name: letters, digits, dot, dash, underscore; no path, not a feed file name. */
export const ARTIFACT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
export function isArtifactName(name: string): boolean {
  return ARTIFACT_NAME_PATTERN.test(name) && !name.includes('..') && !/^latest(-\w+)?\.yml$/i.test(name);
}

export interface FeedArtifact {
  name: string;
  /** base64 SHA-512, as electron-updater checks it. */
  sha512: string;
  size: number;
}

/**
 * The electron-updater feed file (latest.yml / latest-linux.yml / latest-mac.yml) for one release's artifacts
 * of one platform. URLs are relative to the channel's feed base: `<version>/<name>`. Scalars are written as
 * JSON strings, which YAML reads as double-quoted scalars.
 */
export function feedYaml(release: { version: string; publishedAt: string; releaseNotes: string }, artifacts: readonly FeedArtifact[]): string {
  const first = artifacts[0];
  if (!first) throw new Error('a feed file needs at least one artifact');
  const url = (a: FeedArtifact) => `${release.version}/${a.name}`;
  const lines = [`version: ${JSON.stringify(release.version)}`, 'files:'];
  for (const a of artifacts) lines.push(`  - url: ${JSON.stringify(url(a))}`, `    sha512: ${JSON.stringify(a.sha512)}`, `    size: ${a.size}`);
  lines.push(`path: ${JSON.stringify(url(first))}`, `sha512: ${JSON.stringify(first.sha512)}`, `releaseDate: ${JSON.stringify(release.publishedAt)}`);
  if (release.releaseNotes) lines.push(`releaseNotes: ${JSON.stringify(release.releaseNotes)}`);
  return `${lines.join('\n')}\n`;
}

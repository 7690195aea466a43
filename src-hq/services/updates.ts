/**
 * The update feed (issue 17 item 5): artifacts uploaded per channel and version, releases published with a
 * rollout, and what one terminal is offered (src-shared/domain/update-stage.ts). Artifact bytes live in the
 * updates folder (`<updatesDir>/<channel>/<version>/<name>`); the database holds their SHA-512 and size, the
 * releases and their rollouts.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import {
  compareVersions,
  FEED_FILE,
  feedYaml,
  isArtifactName,
  platformOfArtifact,
  releaseForTerminal,
  RELEASE_VERSION_PATTERN,
  UPDATE_CHANNEL_PATTERN,
  type FeedTerminal,
  type Rollout,
  type UpdatePlatform,
} from '../../src-shared/domain/update-stage';
import type { UpdateFileRow, UpdateReleaseRow } from '../db';
import { HqError } from '../errors';
import type { HqContext } from './context';

/** Largest artifact HQ accepts (an installer is ~100–200 MB). */
export const MAX_ARTIFACT_BYTES = 1024 * 1024 * 1024;

export interface ReleaseView {
  channel: string;
  version: string;
  releaseNotes: string;
  rollout: Rollout;
  publishedAt: string;
  updatedAt: string;
  files: { name: string; sha512: string; size: number; platform: UpdatePlatform | null }[];
}

export function checkChannel(channel: string): void {
  if (!UPDATE_CHANNEL_PATTERN.test(channel)) throw new HqError('INVALID_INPUT', `channel: "${channel}" is not a channel name (a-z, 0-9, -; up to 32).`);
}
export function checkVersion(version: string): void {
  if (!RELEASE_VERSION_PATTERN.test(version)) throw new HqError('INVALID_INPUT', `version: "${version}" is not a version (major.minor.patch[-pre]).`);
}
function checkName(name: string): void {
  if (!isArtifactName(name)) throw new HqError('INVALID_INPUT', `name: "${name}" is not an artifact file name (letters, digits, . _ -; not latest*.yml).`);
}

function fileView(f: UpdateFileRow): ReleaseView['files'][number] {
  return { name: f.name, sha512: f.sha512, size: Number(f.size), platform: platformOfArtifact(f.name) };
}

async function releaseView(ctx: HqContext, r: UpdateReleaseRow): Promise<ReleaseView> {
  return {
    channel: r.channel,
    version: r.version,
    releaseNotes: r.release_notes,
    rollout: { storeGroups: JSON.parse(r.rollout_groups_json) as string[], percent: r.rollout_percent },
    publishedAt: r.published_at,
    updatedAt: r.updated_at,
    files: (await ctx.repos.updates.listFiles(r.channel, r.version)).map(fileView),
  };
}

export function artifactPath(updatesDir: string, channel: string, version: string, name: string): string {
  checkChannel(channel);
  checkVersion(version);
  checkName(name);
  return path.join(updatesDir, channel, version, name);
}

/** Stores an uploaded artifact (streamed to a temp file, hashed, renamed into place). A published version's files are final. */
export async function uploadArtifact(
  ctx: HqContext,
  updatesDir: string,
  target: { channel: string; version: string; name: string },
  body: Readable,
): Promise<ReleaseView['files'][number]> {
  const file = artifactPath(updatesDir, target.channel, target.version, target.name);
  if (await ctx.repos.updates.findRelease(target.channel, target.version)) {
    throw new HqError('CONFLICT', `${target.channel} ${target.version} is published; its files cannot change. Publish a new version.`);
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${randomUUID()}.part`;
  const hash = createHash('sha512');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > MAX_ARTIFACT_BYTES) {
        done(new HqError('PAYLOAD_TOO_LARGE', `An artifact may be at most ${MAX_ARTIFACT_BYTES} bytes.`));
        return;
      }
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(body, meter, fs.createWriteStream(tmp));
    if (size === 0) throw new HqError('INVALID_INPUT', 'The artifact is empty; send the file as the request body.');
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  const row: UpdateFileRow = { ...target, sha512: hash.digest('base64'), size, uploaded_at: ctx.now().toISOString() };
  await ctx.repos.updates.upsertFile(row);
  return fileView(row);
}

export interface PublishInput {
  version: string;
  releaseNotes?: string | undefined;
  rollout?: { storeGroups?: string[] | undefined; percent?: number | undefined } | undefined;
}

async function checkGroups(ctx: HqContext, groups: readonly string[]): Promise<void> {
  for (const g of groups) if (!(await ctx.repos.stores.findGroup(g))) throw new HqError('NOT_FOUND', `rollout.storeGroups: no store group ${g}.`);
}

/** A rollout as given: storeGroups default none; percent defaults to 100 without groups, 0 with them. */
function rolloutOf(input: PublishInput['rollout']): Rollout {
  const storeGroups = [...new Set(input?.storeGroups ?? [])];
  return { storeGroups, percent: input?.percent ?? (storeGroups.length > 0 ? 0 : 100) };
}

/** Publishes an uploaded version on its channel. Versions only go up on a channel. */
export async function publishRelease(ctx: HqContext, channel: string, input: PublishInput): Promise<ReleaseView> {
  checkChannel(channel);
  checkVersion(input.version);
  const rollout = rolloutOf(input.rollout);
  return ctx.repos.db.tx(async () => {
    await checkGroups(ctx, rollout.storeGroups);
    const files = await ctx.repos.updates.listFiles(channel, input.version);
    if (!files.some((f) => platformOfArtifact(f.name) !== null)) {
      throw new HqError('INVALID_INPUT', `version: ${channel} ${input.version} has no installer uploaded (PUT /admin/updates/${channel}/${input.version}/files/<name> first).`);
    }
    const existing = await ctx.repos.updates.listReleases(channel);
    if (existing.some((r) => r.version === input.version)) throw new HqError('CONFLICT', `${channel} ${input.version} is already published.`);
    const newest = existing.map((r) => r.version).sort(compareVersions).at(-1);
    if (newest !== undefined && compareVersions(input.version, newest) <= 0) {
      throw new HqError('CONFLICT', `version: ${input.version} is not newer than ${newest}, the newest on ${channel}.`);
    }
    const at = ctx.now().toISOString();
    const row: UpdateReleaseRow = {
      channel,
      version: input.version,
      release_notes: input.releaseNotes ?? '',
      rollout_groups_json: JSON.stringify(rollout.storeGroups),
      rollout_percent: rollout.percent,
      published_at: at,
      updated_at: at,
    };
    await ctx.repos.updates.insertRelease(row);
    ctx.logger.info({ channel, version: input.version, rollout }, 'update release published');
    return releaseView(ctx, row);
  });
}

/** Widens (or narrows, or stops: no groups and 0 %) a release's rollout. */
export async function setRollout(ctx: HqContext, channel: string, version: string, input: NonNullable<PublishInput['rollout']>): Promise<ReleaseView> {
  checkChannel(channel);
  checkVersion(version);
  const rollout = rolloutOf(input);
  return ctx.repos.db.tx(async () => {
    await checkGroups(ctx, rollout.storeGroups);
    const n = await ctx.repos.updates.updateRollout(channel, version, JSON.stringify(rollout.storeGroups), rollout.percent, ctx.now().toISOString());
    if (n === 0) throw new HqError('NOT_FOUND', `${channel} ${version} is not published.`);
    return releaseView(ctx, (await ctx.repos.updates.findRelease(channel, version))!);
  });
}

export async function listReleases(ctx: HqContext, channel: string): Promise<ReleaseView[]> {
  checkChannel(channel);
  const rows = await ctx.repos.updates.listReleases(channel);
  rows.sort((a, b) => compareVersions(b.version, a.version));
  return Promise.all(rows.map((r) => releaseView(ctx, r)));
}

async function feedTerminal(ctx: HqContext, terminal: { terminal_id: string; store_id: string }): Promise<FeedTerminal> {
  const store = await ctx.repos.stores.findStoreById(terminal.store_id);
  return { terminalId: terminal.terminal_id, groupId: store?.group_id ?? null };
}

/** The release a terminal is offered on a channel (null: none reaches it). */
export async function offeredRelease(ctx: HqContext, channel: string, terminal: { terminal_id: string; store_id: string }): Promise<ReleaseView | null> {
  checkChannel(channel);
  const rows = await ctx.repos.updates.listReleases(channel);
  const releases = rows.map((r) => ({ row: r, version: r.version, rollout: { storeGroups: JSON.parse(r.rollout_groups_json) as string[], percent: r.rollout_percent } }));
  const chosen = releaseForTerminal(channel, releases, await feedTerminal(ctx, terminal));
  return chosen ? releaseView(ctx, chosen.row) : null;
}

/** The feed file (`latest.yml`, `latest-linux.yml`, `latest-mac.yml`) a terminal gets, or null (404). */
export async function feedFileFor(ctx: HqContext, channel: string, feedFile: string, terminal: { terminal_id: string; store_id: string }): Promise<string | null> {
  const platform = (Object.keys(FEED_FILE) as UpdatePlatform[]).find((p) => FEED_FILE[p] === feedFile);
  if (!platform) return null;
  const release = await offeredRelease(ctx, channel, terminal);
  if (!release) return null;
  const artifacts = release.files.filter((f) => f.platform === platform);
  if (artifacts.length === 0) return null;
  return feedYaml(release, artifacts);
}

/** The file of a published version's artifact (null: not published or not uploaded). */
export async function publishedArtifact(ctx: HqContext, updatesDir: string, channel: string, version: string, name: string): Promise<{ file: string; size: number } | null> {
  if (!UPDATE_CHANNEL_PATTERN.test(channel) || !RELEASE_VERSION_PATTERN.test(version) || !isArtifactName(name)) return null;
  if (!(await ctx.repos.updates.findRelease(channel, version))) return null;
  const row = await ctx.repos.updates.findFile(channel, version, name);
  if (!row) return null;
  const file = artifactPath(updatesDir, channel, version, name);
  return fs.existsSync(file) ? { file, size: Number(row.size) } : null;
}

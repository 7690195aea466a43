/**
 * The update feed (issue 17 item 5). Terminals: `GET /updates/<channel>/latest.yml` (and `latest-linux.yml`,
 * `latest-mac.yml`) — electron-updater's generic provider — and `GET /updates/<channel>/<version>/<name>`, with
 * the terminal's bearer token. Admin (token checked by the caller): upload artifacts, publish, change a rollout,
 * list, preview what a terminal is offered.
 */
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { TerminalRow } from '../db';
import { HqError } from '../errors';
import type { HqContext } from '../services/context';
import { feedFileFor, listReleases, offeredRelease, publishedArtifact, publishRelease, setRollout, uploadArtifact } from '../services/updates';
import { readJson, sendError, sendJson } from './respond';

const RolloutInput = z
  .object({
    storeGroups: z.array(z.string().min(1).max(64)).max(200).optional(),
    percent: z.number().int().min(0).max(100).optional(),
  })
  .strict();
export const PublishReleaseInput = z
  .object({ version: z.string().min(1).max(64), releaseNotes: z.string().max(10_000).optional(), rollout: RolloutInput.optional() })
  .strict();
export const SetRolloutInput = z.object({ rollout: RolloutInput }).strict();

const ADMIN_FILE = /^\/admin\/updates\/([^/]+)\/([^/]+)\/files\/([^/]+)$/;
const ADMIN_RELEASES = /^\/admin\/updates\/([^/]+)\/releases$/;
const ADMIN_RELEASE = /^\/admin\/updates\/([^/]+)\/releases\/([^/]+)$/;
const ADMIN_FEED = /^\/admin\/updates\/([^/]+)\/feed$/;

/** Handles /admin/updates/…; false when the path is not one of these. */
export async function handleAdminUpdates(ctx: HqContext, updatesDir: string, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const p = url.pathname;
  const dec = (m: RegExpExecArray) => m.slice(1).map((s) => decodeURIComponent(s));
  const wrong = () => {
    throw new HqError('METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${p}.`);
  };
  let m: RegExpExecArray | null;
  if ((m = ADMIN_FILE.exec(p))) {
    if (req.method !== 'PUT') wrong();
    const [channel, version, name] = dec(m) as [string, string, string];
    sendJson(res, 201, { file: await uploadArtifact(ctx, updatesDir, { channel, version, name }, req) });
    return true;
  }
  if ((m = ADMIN_RELEASES.exec(p))) {
    const [channel] = dec(m) as [string];
    if (req.method === 'GET') sendJson(res, 200, { releases: await listReleases(ctx, channel) });
    else if (req.method === 'POST') sendJson(res, 201, { release: await publishRelease(ctx, channel, PublishReleaseInput.parse(await readJson(req))) });
    else wrong();
    return true;
  }
  if ((m = ADMIN_RELEASE.exec(p))) {
    if (req.method !== 'PATCH') wrong();
    const [channel, version] = dec(m) as [string, string];
    sendJson(res, 200, { release: await setRollout(ctx, channel, version, SetRolloutInput.parse(await readJson(req)).rollout) });
    return true;
  }
  if ((m = ADMIN_FEED.exec(p))) {
    if (req.method !== 'GET') wrong();
    const [channel] = dec(m) as [string];
    const terminalId = url.searchParams.get('terminalId') ?? '';
    const terminal = await ctx.repos.terminals.findById(terminalId);
    if (!terminal) throw new HqError('NOT_FOUND', `terminalId: no terminal ${terminalId}.`);
    const release = await offeredRelease(ctx, channel, terminal);
    sendJson(res, 200, { terminalId, channel, version: release?.version ?? null });
    return true;
  }
  return false;
}

/** GET /updates/<channel>/<feed file> and /updates/<channel>/<version>/<name> for an authenticated, active terminal. */
export async function handleUpdateFeed(ctx: HqContext, updatesDir: string, terminal: TerminalRow, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') throw new HqError('METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${url.pathname}.`);
  const parts = url.pathname.split('/').slice(2).map((s) => decodeURIComponent(s));
  if (parts.length === 2) {
    const [channel, file] = parts as [string, string];
    const yaml = await feedFileFor(ctx, channel, file, terminal);
    if (yaml === null) {
      sendError(res, 'NOT_FOUND', `No ${file} on channel ${channel} for this terminal.`);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/yaml; charset=utf-8', 'content-length': Buffer.byteLength(yaml), 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : yaml);
    return;
  }
  if (parts.length === 3) {
    const [channel, version, name] = parts as [string, string, string];
    const found = await publishedArtifact(ctx, updatesDir, channel, version, name);
    if (!found) {
      sendError(res, 'NOT_FOUND', `No published artifact ${version}/${name} on channel ${channel}.`);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': found.size, 'cache-control': 'no-store' });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    await pipeline(fs.createReadStream(found.file), res);
    return;
  }
  sendError(res, 'NOT_FOUND', `No route ${url.pathname}.`);
}

import type { HqStore } from './store';

export interface UpdateFileRow {
  channel: string;
  version: string;
  name: string;
  sha512: string;
  size: number;
  uploaded_at: string;
}

export interface UpdateReleaseRow {
  channel: string;
  version: string;
  release_notes: string;
  rollout_groups_json: string;
  rollout_percent: number;
  published_at: string;
  updated_at: string;
}

/** The update feed (schema v11): uploaded artifacts and published releases per channel. */
export class UpdateRepo {
  constructor(private readonly db: HqStore) {}

  async upsertFile(row: UpdateFileRow): Promise<void> {
    await this.db.run(
      `INSERT INTO update_files (channel, version, name, sha512, size, uploaded_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (channel, version, name) DO UPDATE SET sha512 = excluded.sha512, size = excluded.size, uploaded_at = excluded.uploaded_at`,
      [row.channel, row.version, row.name, row.sha512, row.size, row.uploaded_at],
    );
  }

  listFiles(channel: string, version: string): Promise<UpdateFileRow[]> {
    return this.db.all<UpdateFileRow>('SELECT * FROM update_files WHERE channel = ? AND version = ? ORDER BY name', [channel, version]);
  }

  findFile(channel: string, version: string, name: string): Promise<UpdateFileRow | undefined> {
    return this.db.get<UpdateFileRow>('SELECT * FROM update_files WHERE channel = ? AND version = ? AND name = ?', [channel, version, name]);
  }

  async insertRelease(row: UpdateReleaseRow): Promise<void> {
    await this.db.run(
      `INSERT INTO update_releases (channel, version, release_notes, rollout_groups_json, rollout_percent, published_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [row.channel, row.version, row.release_notes, row.rollout_groups_json, row.rollout_percent, row.published_at, row.updated_at],
    );
  }

  async updateRollout(channel: string, version: string, groupsJson: string, percent: number, at: string): Promise<number> {
    return this.db.run('UPDATE update_releases SET rollout_groups_json = ?, rollout_percent = ?, updated_at = ? WHERE channel = ? AND version = ?', [
      groupsJson,
      percent,
      at,
      channel,
      version,
    ]);
  }

  findRelease(channel: string, version: string): Promise<UpdateReleaseRow | undefined> {
    return this.db.get<UpdateReleaseRow>('SELECT * FROM update_releases WHERE channel = ? AND version = ?', [channel, version]);
  }

  listReleases(channel: string): Promise<UpdateReleaseRow[]> {
    return this.db.all<UpdateReleaseRow>('SELECT * FROM update_releases WHERE channel = ? ORDER BY published_at, version', [channel]);
  }
}

/** Where `nexus login` keeps API URLs and keys: one JSON file of named profiles, mode 0600. */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export interface Profile {
  readonly apiUrl: string;
  readonly apiKey: string;
}

export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export const profilesPath = (env: NodeJS.ProcessEnv = process.env) =>
  env.NEXUS_CONFIG_FILE ?? join(homedir(), '.config', 'nexus', 'profiles.json');

async function readProfiles(path: string): Promise<Record<string, Profile>> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Record<string, Profile>;
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return {};
    throw new UserError(`${path} is not valid JSON; fix or delete it and run "nexus login" again`);
  }
}

export async function saveProfile(name: string, profile: Profile, path = profilesPath()): Promise<void> {
  const profiles = { ...(await readProfiles(path)), [name]: profile };
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, `${JSON.stringify(profiles, null, 2)}\n`, { mode: 0o600 });
  // writeFile's mode applies only on creation; an existing file is tightened too.
  await chmod(path, 0o600);
}

/** The profile to use: NEXUS_API_URL + NEXUS_API_KEY win, then the named profile. */
export async function loadProfile(name: string, env: NodeJS.ProcessEnv = process.env): Promise<Profile> {
  if (env.NEXUS_API_URL && env.NEXUS_API_KEY) return { apiUrl: env.NEXUS_API_URL, apiKey: env.NEXUS_API_KEY };
  const profile = (await readProfiles(profilesPath(env)))[name];
  if (!profile)
    throw new UserError(
      `No profile "${name}". Run: nexus login --api-url <url> --key <key> --profile ${name}`,
    );
  return profile;
}

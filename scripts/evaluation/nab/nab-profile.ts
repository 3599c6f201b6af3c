/** NAB's application profiles: the weights that turn detections into a score (Lavin & Ahmad 2015, section 4). */
import * as z from 'zod';
import { ValidationError } from '../../../shared/domain/errors';

/** Weights of one application profile; TN is counted but, as in NAB, never scored. */
export interface NabCostMatrix {
  readonly tpWeight: number;
  readonly fpWeight: number;
  readonly fnWeight: number;
  readonly tnWeight: number;
}

export type NabProfiles = Readonly<Record<string, NabCostMatrix>>;

/** The three profiles published with NAB (config/profiles.json). */
export const NAB_PROFILES: NabProfiles = {
  standard: { tpWeight: 1, fpWeight: 0.11, fnWeight: 1, tnWeight: 1 },
  reward_low_FP_rate: { tpWeight: 1, fpWeight: 0.22, fnWeight: 1, tnWeight: 1 },
  reward_low_FN_rate: { tpWeight: 1, fpWeight: 0.11, fnWeight: 2, tnWeight: 1 },
};

const profilesSchema = z.record(
  z.string(),
  z.object({
    CostMatrix: z.object({
      tpWeight: z.number().finite(),
      fpWeight: z.number().finite(),
      fnWeight: z.number().finite(),
      tnWeight: z.number().finite(),
    }),
  }),
);

/** Parses NAB's `config/profiles.json` shape; throws a {@link ValidationError} on a bad document. */
export function parseNabProfiles(json: unknown): NabProfiles {
  const parsed = profilesSchema.safeParse(json);
  if (!parsed.success) {
    throw new ValidationError(
      'INVALID_NAB_PROFILES',
      'profiles.json does not match NAB profile layout.',
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  }
  return Object.fromEntries(Object.entries(parsed.data).map(([name, p]) => [name, { ...p.CostMatrix }]));
}

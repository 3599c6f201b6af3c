/** What the create-upload function runs with: dataset schemas, the upload bucket and its URL signer. */
import { randomUUID } from 'node:crypto';
import { required } from '../config';
import { createLogger } from '../http-handler';
import { datasetLookup } from '../metadata-stores';
import { objectStore } from '../object-store';
import { type Runtime, runtime } from '../runtime';
import { uploadSigner } from '../upload-signer';

export function createUploadDeps(rt: Runtime = runtime()) {
  return {
    findDataset: datasetLookup(rt),
    signer: uploadSigner(rt),
    objects: objectStore(rt),
    uploadBucket: required(rt.config, 'uploadBucket'),
    newId: randomUUID,
    now: () => new Date(),
    logger: createLogger('create-upload'),
  };
}

/** What the api-docs function runs with: a logger only (the document is built from code). */
import { createLogger } from '../http-handler';

export function apiDocsDeps() {
  return { logger: createLogger('api-docs') };
}

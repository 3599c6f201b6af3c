/** Type declarations for the untyped stand-in packages, limited to what the local runtime uses. */

declare module 'kinesalite' {
  interface KinesaliteOptions {
    /** LevelDB directory; in-memory when omitted. */
    path?: string;
    createStreamMs?: number;
    deleteStreamMs?: number;
    updateStreamMs?: number;
    shardLimit?: number;
    ssl?: boolean;
  }
  function kinesalite(options?: KinesaliteOptions): import('node:http').Server;
  export default kinesalite;
}

declare module 'dynalite' {
  interface DynaliteOptions {
    /** LevelDB directory; in-memory when omitted. */
    path?: string;
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    ssl?: boolean;
  }
  function dynalite(options?: DynaliteOptions): import('node:http').Server;
  export default dynalite;
}

declare module 's3rver' {
  import { EventEmitter } from 'node:events';

  interface S3rverOptions {
    address?: string;
    port?: number;
    directory?: string;
    silent?: boolean;
    resetOnClose?: boolean;
    vhostBuckets?: boolean;
    configureBuckets?: { name: string }[];
  }
  /** The notification s3rver emits on its `event` channel (an S3 event with one record). */
  export interface S3rverEvent {
    Records: {
      eventName: string;
      eventTime: string;
      s3: {
        bucket: { name: string };
        object: { key: string; size?: number; eTag?: string; sequencer: string };
      };
    }[];
  }
  class S3rver extends EventEmitter {
    constructor(options?: S3rverOptions);
    run(): Promise<import('node:net').AddressInfo>;
    close(): Promise<void>;
    httpServer?: import('node:http').Server;
  }
  export default S3rver;
}

declare module 's3rver/lib/models/account.js' {
  /** s3rver's one account and the key pairs it accepts (it verifies no SigV4 signature itself). */
  const AWSAccount: {
    readonly DUMMY_ACCOUNT: { createKeyPair(accessKeyId: string, secretAccessKey: string): void };
  };
  export default AWSAccount;
}

import { randomBytes } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';

const PARAMS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** Argon2id password hashes. */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  /** A hash no password matches, with the same cost as real ones: an unknown user takes as long as a known one. */
  private dummy?: Promise<string>;

  onModuleInit(): void {
    void this.dummyHash();
  }

  hash(password: string): Promise<string> {
    return hash(password, PARAMS);
  }

  /** Whether the password matches; with no hash (no such user) it is checked against the dummy and is false. */
  async verify(hashed: string | null, password: string): Promise<boolean> {
    const against = hashed ?? (await this.dummyHash());
    try {
      return (await verify(against, password)) && hashed !== null;
    } catch {
      return false;
    }
  }

  private dummyHash(): Promise<string> {
    return (this.dummy ??= this.hash(randomBytes(32).toString('hex')));
  }
}

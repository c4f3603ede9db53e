import { Platform1764576000000 } from './1764576000000-platform';

export const MIGRATIONS = [Platform1764576000000];

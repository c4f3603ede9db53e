import type { z } from 'zod';

/** A zod error as one line naming each refused field: `path: message; …` (a message alone where no field is named). */
export const issuesText = (error: z.ZodError): string => error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');

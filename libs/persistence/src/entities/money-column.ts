import { Column } from 'typeorm';

/**
 * An amount in fen: BIGINT, read back as a JS number. mysql2 returns BIGINT as a string; every
 * amount the domain allows (MAX_FEN) is exact as a number.
 */
export function MoneyColumn(name: string, options: { nullable?: boolean } = {}): PropertyDecorator {
  return Column({
    name,
    type: 'bigint',
    nullable: options.nullable ?? false,
    transformer: { to: (v: number | null) => v, from: (v: string | number | null) => (v === null ? null : Number(v)) },
  });
}

import type { NominationDecision, NominationEntry } from '../../libs/domain/src';

type Entry = Omit<NominationEntry, 'name' | 'color'>;

/** What the red entries are nominated for, in order; the second is a poor household (R2 lists it first). */
const RED: Entry[] = [
  { category: 'hardworking', reason: '带头发展种养业' },
  { category: 'filial_piety', poorHousehold: true, reason: '照顾瘫痪婆婆十年' },
  { category: 'harmonious_family', reason: '家庭和睦邻里称赞' },
  { category: 'other', reason: '见义勇为救起落水儿童' },
  { category: 'hardworking', reason: '办起家庭农场' },
];
const BLACK: Entry[] = [
  { category: 'gambling', reason: '多次聚众抹牌赌博' },
  { category: 'neglect_elders', reason: '拒不赡养老母亲' },
  { category: 'illegal_building', reason: '占用耕地乱搭乱建' },
];

const DEMO_NAMES = { red: ['王大红', '李小红', '张和睦', '刘好人', '陈勤劳'], black: ['赵赌博', '钱不孝', '孙乱建'] };
const LIST = { red: '红', black: '黑' };
const NUMERALS = ['一', '二', '三', '四', '五'];

/**
 * How the nominees are named: `demo` as the demo's villagers (王大红, 赵赌博), `numbered` by list
 * and place (红一, 黑二), `surnamed` the same behind the demo villager's surname (王红一, 钱黑二).
 */
export type SlateNames = 'demo' | 'numbered' | 'surnamed';

function nameOf(color: 'red' | 'black', i: number, names: SlateNames): string {
  const numbered = `${LIST[color]}${NUMERALS[i]}`;
  if (names === 'numbered') return numbered;
  return names === 'demo' ? DEMO_NAMES[color][i] : `${DEMO_NAMES[color][i][0]}${numbered}`;
}

/**
 * A council's nomination (R1) of `red` red and `black` black entries (up to 5 and 3), the red first.
 * The default, 3 and 3, meets the policy's minimum.
 */
export function slate({ red = 3, black = 3, names = 'demo' }: { red?: number; black?: number; names?: SlateNames } = {}): NominationDecision {
  if (red > RED.length || black > BLACK.length) throw new Error(`a slate has at most ${RED.length} red and ${BLACK.length} black entries`);
  const entries = (color: 'red' | 'black', of: Entry[], count: number) => of.slice(0, count).map((e, i) => ({ name: nameOf(color, i, names), color, ...e }));
  return { nominees: [...entries('red', RED, red), ...entries('black', BLACK, black)] };
}

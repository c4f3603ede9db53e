/** A council's nomination (R1–R3) that meets the minimum of 3 red and 3 black, a poor household first among the red (R2). */
export const DEMO_SLATE = {
  nominees: [
    { name: '王大红', color: 'red', category: 'hardworking', reason: '带头发展种养业' },
    { name: '李小红', color: 'red', category: 'filial_piety', poorHousehold: true, reason: '照顾瘫痪婆婆十年' },
    { name: '张和睦', color: 'red', category: 'harmonious_family', reason: '家庭和睦邻里称赞' },
    { name: '赵赌博', color: 'black', category: 'gambling', reason: '多次聚众抹牌赌博' },
    { name: '钱不孝', color: 'black', category: 'neglect_elders', reason: '拒不赡养老母亲' },
    { name: '孙乱建', color: 'black', category: 'illegal_building', reason: '占用耕地乱搭乱建' },
  ],
};

// R6–R8 镇考核看板: the ranking with a bar chart of totals, each village's plan stage, the payments.
import { h, mount, notice } from '../dom.js';
import { api, getMe, getToken, errorMessage } from '../api.js';
import { go, procedureHref } from '../router.js';
import { formatFen } from '../format.js';
import { rankingTable, PLAN_STAGE_LABELS } from '../assessment-forms.js';

// The town roles of `GET /api/assessments/:year` in the access table (README, "Who may read or do what").
const TOWN_ROLES = ['TOWN_OFFICE', 'TOWN_LEADERSHIP'];
export function seesAssessment(me) {
  return ((me && me.roles) || []).some(function (r) { return TOWN_ROLES.indexOf(r.role) >= 0; });
}

let chartLoading = null;
/** chart.js (served by the API from node_modules) once per page load. */
function loadChart() {
  if (window.Chart) return Promise.resolve(window.Chart);
  if (!chartLoading) {
    chartLoading = new Promise(function (resolve, reject) {
      const s = document.createElement('script');
      s.src = '/vendor/chart.js/chart.umd.min.js';
      s.onload = function () { resolve(window.Chart); };
      s.onerror = function () { chartLoading = null; reject(new Error('chart.js did not load')); };
      document.head.appendChild(s);
    });
  }
  return chartLoading;
}

async function download(path, name, box) {
  try {
    const res = await fetch(path, { headers: { Authorization: 'Bearer ' + getToken() } });
    if (!res.ok) throw new Error(String(res.status));
    const url = URL.createObjectURL(await res.blob());
    const a = h('a', { href: url, download: name, hidden: true });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(url); a.remove(); }, 1000);
  } catch (e) {
    mount(box, notice('error', '下载失败,请稍后重试'));
  }
}

export async function assessmentDashboardView(el, params, query) {
  const year = /^\d{4}$/.test(query.get('year') || '') ? Number(query.get('year')) : new Date().getFullYear();
  document.title = year + '年度考核 - 村居治理';
  mount(el, h('h1', { tabindex: '-1' }, year + '年度考核与奖励'), h('p', { class: 'loading' }, '加载中…'));
  let ranking, plans, payments, me;
  try {
    [ranking, plans, payments, me] = await Promise.all([
      api.get('/api/assessments/' + year),
      api.get('/api/rewards/' + year),
      api.get('/api/rewards/' + year + '/payments'),
      getMe(),
    ]);
  } catch (err) {
    if (err && err.handled) return;
    mount(el, h('h1', { tabindex: '-1' }, year + '年度考核与奖励'), notice('error', errorMessage(err)));
    return;
  }
  const names = new Map(ranking.map(function (r) { return [r.villageId, r.name]; }));
  const msg = h('div', { 'aria-live': 'polite' });
  const yearForm = h('form', { class: 'year-form', onsubmit: function (e) { e.preventDefault(); go('/town/assessment?year=' + encodeURIComponent(yearForm.elements.namedItem('year').value)); } },
    h('label', null, '年度 ', h('input', { name: 'year', inputmode: 'numeric', value: String(year), size: 5, 'aria-label': '年度' })),
    h('button', { type: 'submit', class: 'btn small' }, '查看'));

  const office = (me.roles || []).some(function (r) { return r.role === 'TOWN_OFFICE' || r.role === 'ADMIN'; });
  const startBox = office ? h('section', { class: 'card' }, h('h2', null, '发起考核'),
    h('div', { class: 'start-buttons' }, [1, 2, 3, 4].map(function (q) {
      return h('button', { type: 'button', class: 'btn small', 'data-start': 'Q' + q, onclick: function () { start({ year, quarter: q }); } }, '第' + q + '季度');
    }), h('button', { type: 'button', class: 'btn small', 'data-start': 'Y', onclick: function () { start({ year }); } }, '年终考核'))) : null;
  async function start(body) {
    try {
      const r = await api.post('/api/procedures/assessment', body);
      mount(msg, notice('ok', '已发起:', h('a', { href: procedureHref(r.procedureId) }, r.procedureId)));
    } catch (err) {
      if (err && err.handled) return;
      mount(msg, notice('error', errorMessage(err)));
    }
  }

  const status = ranking.length && ranking[0].status;
  const canvas = h('canvas', { id: 'totals-chart', 'aria-label': '各村综合得分柱状图', role: 'img' });
  const chartBox = h('div', { class: 'chart-box', 'data-chart': '' }, canvas);
  const dl = h('div');
  mount(el,
    h('h1', { tabindex: '-1' }, year + '年度考核与奖励'),
    yearForm,
    msg,
    startBox,
    h('section', { class: 'card' },
      h('h2', null, '综合排名', status ? h('span', { class: 'badge', 'data-ranking-status': status }, status === 'confirmed' ? '已确认' : status === 'proposed' ? '待确认' : '暂定') : null),
      h('p', { class: 'hint' }, '综合得分 = 季度平均分 × 80% + 年终分 × 20%;同分按年终分排,仍相同的并列同名次、同档次。'),
      chartBox,
      rankingTable(ranking),
      h('p', null, h('button', { type: 'button', class: 'btn small', onclick: function () { download('/api/assessments/' + year + '/export.xlsx', year + '年度考核排名.xlsx', dl); } }, '导出排名(Excel)')),
      dl),
    h('section', { class: 'card' }, h('h2', null, '村干部奖励分配方案'),
      plans.length ? h('table', { class: 'data', 'data-plans': '' },
        h('thead', null, h('tr', null, h('th', null, '村(居)'), h('th', null, '进度'))),
        h('tbody', null, plans.map(function (p) {
          return h('tr', { 'data-village': p.villageId, 'data-stage': p.stage }, h('td', null, h('a', { href: procedureHref(p.procedureId) }, names.get(p.villageId) || p.villageId)), h('td', null, PLAN_STAGE_LABELS[p.stage] || p.stage));
        }))) : h('p', { class: 'muted' }, '排名确认后各村开始拟定分配方案。')),
    h('section', { class: 'card' }, h('h2', null, '奖励发放'),
      payments.length ? h('table', { class: 'data', 'data-payments': '' },
        h('thead', null, h('tr', null, h('th', null, '村(居)'), h('th', null, '姓名/单位'), h('th', null, '职务'), h('th', null, '金额(元)'), h('th', null, '状态'))),
        h('tbody', null, payments.map(function (p) {
          return h('tr', null, h('td', null, names.get(p.villageId) || p.villageId), h('td', null, p.name), h('td', null, p.duty), h('td', { class: 'num' }, formatFen(p.amountFen)), h('td', null, p.status === 'paid' ? '已发放 ' + (p.paidOn || '') : '已批准'));
        }))) : h('p', { class: 'muted' }, '暂无'),
      payments.length && seesAssessment(me) ? h('p', null, h('button', { type: 'button', class: 'btn small', onclick: function () { download('/api/rewards/' + year + '/payments.xlsx', year + '年度奖励发放清单.xlsx', dl); } }, '导出发放清单(Excel)')) : null));

  const ranked = ranking.filter(function (r) { return r.rank != null; });
  if (!ranked.length) { mount(chartBox, h('p', { class: 'muted' }, '尚无分数')); return; }
  try {
    const Chart = await loadChart();
    if (!canvas.isConnected) return;
    new Chart(canvas, {
      type: 'bar',
      data: { labels: ranked.map(function (r) { return r.name; }), datasets: [{ label: '综合得分', data: ranked.map(function (r) { return Number(r.total); }), backgroundColor: ranked.map(function (r) { return ['#1f5fa8', '#3c8dde', '#7fb3ea', '#b9d4f2'][(r.tier || 4) - 1] || '#b9d4f2'; }) }] },
      options: { indexAxis: 'y', animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { display: false } }, scales: { x: { min: 0, max: 100 } } },
    });
    chartBox.setAttribute('data-chart-ready', 'true');
  } catch (e) {
    mount(chartBox, h('p', { class: 'muted' }, '图表加载失败'));
  }
}

import { h, mount, notice } from './dom.js';
import { getToken, clearToken, getMe, onUnauthorized } from './api.js';
import { start, parseRoute, currentRoute, match, go, loginRoute, safeNext } from './router.js';
import { loginView } from './views/login.js';
import { inboxView } from './views/inbox.js';
import { taskView } from './views/task.js';
import { procedureView } from './views/procedure.js';
import { contractNewView, contractVillageIds } from './views/contract-new.js';
import { seesDisputes } from './mediation-forms.js';
import { mediationNewView } from './views/mediation-new.js';
import { mediationCaseView } from './views/mediation-case.js';
import { mediationBoardView } from './views/mediation-board.js';
import './contract-forms.js';
import './assessment-forms.js';
import { assessmentDashboardView, seesAssessment } from './views/assessment-dashboard.js';
import { seesBallots, seesRedBlackTown } from './red-black-forms.js';
import { ballotsView, ballotView } from './views/ballots.js';
import { noticesView, noticeView } from './views/notices.js';
import { redBlackTownView } from './views/red-black-town.js';

const ROUTES = [
  ['/login', loginView, { public: true }],
  ['/', inboxView, { nav: 'inbox' }],
  ['/inbox', inboxView, { nav: 'inbox' }],
  ['/tasks/:id', taskView, {}],
  ['/procedures/:id', procedureView, {}],
  ['/contracts/new', contractNewView, { nav: 'contract' }],
  ['/disputes', mediationBoardView, { nav: 'disputes' }],
  ['/disputes/new', mediationNewView, { nav: 'disputes' }],
  ['/disputes/:id', mediationCaseView, { nav: 'disputes' }],
  ['/town/assessment', assessmentDashboardView, { nav: 'assessment' }],
  ['/ballots', ballotsView, { nav: 'ballots' }],
  ['/ballots/:id', ballotView, { nav: 'ballots' }],
  ['/notices', noticesView, { public: true }],
  ['/notices/:id', noticeView, { public: true }],
  ['/town/red-black', redBlackTownView, { nav: 'redblack' }],
];

const ctx = { lastInbox: '/inbox' };
const appbar = document.getElementById('appbar');
const nav = document.getElementById('nav');
const view = document.getElementById('view');
const userName = document.getElementById('user-name');

document.getElementById('logout').addEventListener('click', function () {
  clearToken();
  userName.textContent = '';
  go('/login');
});

onUnauthorized(function () {
  const route = currentRoute();
  if (parseRoute(route).path === '/login') return;
  go(loginRoute(route), true);
});

function renderShell(active) {
  appbar.hidden = false;
  nav.hidden = false;
  const link = function (key, href, label, extra) {
    return h('a', Object.assign({ href, class: 'nav-link', 'aria-current': key === active ? 'page' : null, 'data-nav': key }, extra || {}), label);
  };
  const contractLink = link('contract', '#/contracts/new', '提交合同审核', { hidden: true });
  mount(nav, link('inbox', '#' + ctx.lastInbox, '我的待办'), contractLink);
  const disputeLink = link('disputes', '#/disputes', '纠纷调解', { hidden: true });
  nav.appendChild(disputeLink);
  const assessmentLink = link('assessment', '#/town/assessment', '考核奖励', { hidden: true });
  nav.appendChild(assessmentLink);
  const ballotsLink = link('ballots', '#/ballots', '投票', { hidden: true });
  nav.appendChild(ballotsLink);
  const redBlackLink = link('redblack', '#/town/red-black', '红黑榜', { hidden: true });
  nav.appendChild(redBlackLink);
  nav.appendChild(link('notices', '#/notices', '公示栏'));
  getMe().then(function (me) {
    userName.textContent = (me && (me.name || me.username)) || '';
    if (contractVillageIds(me).length) contractLink.hidden = false;
    if (seesDisputes(me)) disputeLink.hidden = false;
    if (seesAssessment(me)) assessmentLink.hidden = false;
    if (seesBallots(me)) ballotsLink.hidden = false;
    if (seesRedBlackTown(me)) redBlackLink.hidden = false;
  }, function () { /* a 401 goes to login; other failures leave the header plain */ });
}

function render() {
  const route = currentRoute();
  const r = parseRoute(route);
  const found = match(ROUTES.map(function (x) { return [x[0], x]; }), r.path);
  const entry = found ? found.handler : null;
  const opts = entry ? entry[2] : {};

  if (!opts.public && !getToken()) {
    go(loginRoute(route), true);
    return;
  }
  if (entry && entry[1] === loginView && getToken()) {
    // Already logged in: go where the link wanted to go.
    go(safeNext(r.query.get('next')), true);
    return;
  }
  if (opts.nav === 'inbox') ctx.lastInbox = r.path === '/' ? '/inbox' : route;

  if (opts.public) {
    appbar.hidden = true;
    nav.hidden = true;
  } else {
    renderShell(opts.nav || null);
  }

  // Each render gets a fresh container, so a slow response of an earlier page cannot overwrite this one.
  const el = h('div', { class: 'page', 'data-route': entry ? entry[0] : 'not-found' });
  mount(view, el);
  window.scrollTo(0, 0);

  if (!entry) {
    document.title = '页面不存在 - 村居治理';
    mount(el, h('h1', { tabindex: '-1' }, '页面不存在'), notice('info', '您打开的链接不正确。'), h('a', { class: 'btn block', href: '#/inbox' }, '回到我的待办'));
    focusHeading(el);
    return;
  }
  const result = entry[1](el, found.params, r.query, ctx);
  focusHeading(el);
  if (result && typeof result.then === 'function') {
    result.then(function () { if (el.isConnected) focusHeading(el); }, function (err) {
      if (err && err.handled) return;
      mount(el, h('h1', { tabindex: '-1' }, '出错了'), notice('error', '页面出错,请刷新后重试'));
      if (window.console) console.error(err);
    });
  }
}

function focusHeading(el) {
  const h1 = el.querySelector('h1');
  if (h1 && document.activeElement !== h1 && !el.querySelector('input:focus, textarea:focus, select:focus')) {
    try { h1.focus({ preventScroll: true }); } catch (e) { h1.focus(); }
  }
}

start(render);

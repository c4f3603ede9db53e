import { h, mount, notice } from '../dom.js';
import { api, getVillagesOrEmpty, errorMessage } from '../api.js';
import { formatDateTime, relativeDue, villageName } from '../format.js';
import { CHOICE_LABELS, ballotHref, nomineeBadges, nomineeLine } from '../red-black-forms.js';

/** 投票: the open ballots of the representative's village. */
export async function ballotsView(el) {
  document.title = '投票 - 村居治理';
  mount(el, h('h1', { tabindex: '-1' }, '投票'), h('p', { class: 'loading' }, '加载中…'));
  let list, villages;
  try {
    [list, villages] = await Promise.all([api.get('/api/ballots', { status: 'open' }), getVillagesOrEmpty()]);
  } catch (err) {
    if (err && err.handled) return;
    mount(el, h('h1', { tabindex: '-1' }, '投票'), notice('error', errorMessage(err)));
    return;
  }
  if (!el.isConnected) return;
  mount(el,
    h('h1', { tabindex: '-1' }, '投票'),
    list.length ? null : h('p', { class: 'muted', 'data-empty': 'true' }, '目前没有进行中的投票'),
    h('ul', { class: 'task-list' }, list.map(function (b) {
      return h('li', { class: 'task-item', 'data-ballot-id': b.id },
        h('a', { class: 'task-link', href: ballotHref(b.id) },
          h('span', { class: 'task-title' }, villageName(villages, b.villageId), ' 红黑榜村民代表大会投票', b.round > 1 ? '(第' + b.round + '轮)' : ''),
          h('span', { class: 'task-meta' },
            h('span', null, b.nominees.length + '名被提名人'),
            h('span', { class: 'due' }, '截止 ' + formatDateTime(b.closesAt) + '(' + relativeDue(b.closesAt) + ')'),
            b.myVote ? h('span', { class: 'badge status done' }, '已投票') : h('span', { class: 'badge status open' }, '未投票'))));
    })));
}

/** One ballot: one choice per nominee, a confirmation step, then the vote as recorded. */
export async function ballotView(el, params) {
  document.title = '投票 - 村居治理';
  mount(el, h('h1', { tabindex: '-1' }, '投票'), h('p', { class: 'loading' }, '加载中…'));
  let b, villages;
  try {
    [b, villages] = await Promise.all([api.get('/api/ballots/' + encodeURIComponent(params.id)), getVillagesOrEmpty()]);
  } catch (err) {
    if (err && err.handled) return;
    mount(el, h('h1', { tabindex: '-1' }, '投票'), notice('error', errorMessage(err, { 404: '没有这个投票,或投票尚未开始', 403: '您无权查看此投票' })));
    return;
  }
  if (!el.isConnected) return;
  render(el, b, villages, null);
}

function render(el, b, villages, flash) {
  const title = villageName(villages, b.villageId) + ' 红黑榜投票';
  const head = [
    h('h1', { tabindex: '-1' }, title),
    flash,
    h('p', { class: 'muted' }, b.status === 'open' ? '截止 ' + formatDateTime(b.closesAt) + '(' + relativeDue(b.closesAt) + '),已有' + b.votedCount + '/' + b.representatives + '名代表投票' : '投票已结束'),
  ];
  if (b.status !== 'open') {
    mount(el, head, resultSection(b), b.myVote ? mySection(b) : null);
    return;
  }
  if (!b.eligible) {
    mount(el, head, notice('info', '您不是本次投票的村民代表,只能查看。'), nomineeList(b));
    return;
  }
  const mine = {};
  if (b.myVote) for (const c of b.myVote.choices) mine[c.nomineeId] = c.choice;
  const form = h('form', { class: 'ballot-form', novalidate: true },
    b.myVote ? notice('info', '您已投票,可在截止前修改。') : null,
    b.nominees.map(function (n) {
      return h('fieldset', { class: 'card field choices', 'data-nominee': n.nomineeId },
        h('legend', null, n.name, ' ', nomineeBadges(n)),
        h('p', { class: 'hint' }, nomineeLine(n), n.reason ? ':' + n.reason : ''),
        ['agree', 'disagree', 'abstain'].map(function (c) {
          return h('label', { class: 'choice' + (c === 'agree' ? ' yes' : c === 'disagree' ? ' no' : '') },
            h('input', { type: 'radio', name: 'choice-' + n.nomineeId, value: c, checked: mine[n.nomineeId] === c }),
            h('span', null, CHOICE_LABELS[c]));
        }));
    }));
  const error = h('div', { class: 'form-error', 'aria-live': 'assertive' });
  const next = h('button', { type: 'submit', class: 'btn primary block' }, '下一步:确认');
  form.append(error, next);
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    mount(error);
    const choices = [];
    for (const n of b.nominees) {
      const checked = form.querySelector('input[name="choice-' + n.nomineeId + '"]:checked');
      if (!checked) {
        mount(error, notice('error', '请对每位被提名人选择:同意、不同意或弃权(' + n.name + ' 还没有选)'));
        const first = form.querySelector('input[name="choice-' + n.nomineeId + '"]');
        if (first) first.focus();
        return;
      }
      choices.push({ nomineeId: n.nomineeId, choice: checked.value });
    }
    confirmStep(el, b, villages, choices);
  });
  mount(el, head, form);
}

function confirmStep(el, b, villages, choices) {
  const byId = {};
  for (const n of b.nominees) byId[n.nomineeId] = n;
  const error = h('div', { class: 'form-error', 'aria-live': 'assertive' });
  const confirm = h('button', { type: 'button', class: 'btn primary block', 'data-confirm-vote': 'true' }, '确认投票');
  const back = h('button', { type: 'button', class: 'btn block', onclick: function () { render(el, Object.assign({}, b, { myVote: { choices } }), villages, null); } }, '返回修改');
  confirm.addEventListener('click', async function () {
    confirm.disabled = true;
    confirm.textContent = '正在提交…';
    try {
      const vote = await api.put('/api/ballots/' + encodeURIComponent(b.id) + '/votes/me', { choices });
      const fresh = await api.get('/api/ballots/' + encodeURIComponent(b.id)).catch(function () { return Object.assign({}, b, { myVote: vote }); });
      if (fresh.status === 'open') {
        mount(el, h('h1', { tabindex: '-1' }, '投票成功'), notice('ok', '您的投票已记录(' + formatDateTime(vote.castAt) + ')。截止前可以修改。'), mySection(Object.assign({}, fresh, { myVote: vote })), h('a', { class: 'btn block', href: '#/ballots' }, '返回投票列表'));
      } else {
        render(el, fresh, villages, notice('ok', '您的投票已记录。'));
      }
      const h1 = el.querySelector('h1');
      if (h1) h1.focus();
    } catch (err) {
      if (err && err.handled) return;
      mount(error, notice('error', errorMessage(err, { 403: '您不是本次投票的村民代表', 409: '投票已结束,未能记录您的投票' })));
      confirm.disabled = false;
      confirm.textContent = '确认投票';
    }
  });
  mount(el,
    h('h1', { tabindex: '-1' }, '请确认您的投票'),
    h('section', { class: 'card', 'data-confirm': 'true' },
      h('dl', { class: 'facts' }, choices.map(function (c) {
        return h('div', { class: 'row' }, h('dt', null, byId[c.nomineeId] ? byId[c.nomineeId].name : c.nomineeId), h('dd', { 'data-choice': c.choice }, CHOICE_LABELS[c.choice]));
      }))),
    error, confirm, back);
  const h1 = el.querySelector('h1');
  if (h1) h1.focus();
}

function mySection(b) {
  const byId = {};
  for (const n of b.nominees) byId[n.nomineeId] = n;
  return h('section', { class: 'card', 'data-my-vote': 'true' }, h('h2', null, '我的投票'),
    h('dl', { class: 'facts' }, b.myVote.choices.map(function (c) {
      return h('div', { class: 'row' }, h('dt', null, byId[c.nomineeId] ? byId[c.nomineeId].name : c.nomineeId), h('dd', null, CHOICE_LABELS[c.choice]));
    })));
}

function nomineeList(b) {
  return h('section', { class: 'card' }, h('h2', null, '被提名人'), h('ul', null, b.nominees.map(function (n) { return h('li', null, n.name, ' ', nomineeBadges(n)); })));
}

function resultSection(b) {
  const r = b.result;
  if (!r) return nomineeList(b);
  const byId = {};
  for (const n of b.nominees) byId[n.nomineeId] = n;
  return h('section', { class: 'card', 'data-result': 'true' },
    h('h2', null, '投票结果'),
    h('p', null, '应到代表' + r.representatives + '名,实际投票' + r.voted + '名,' + (r.quorumMet ? '达到法定人数' : '未达到法定人数,投票无效')),
    h('dl', { class: 'facts' }, r.nominees.map(function (t) {
      const n = byId[t.nomineeId] || { name: t.nomineeId };
      return h('div', { class: 'row' }, h('dt', null, n.name), h('dd', null, '同意' + t.agree + ' 不同意' + t.disagree + ' 弃权' + t.abstain + ' — ' + (t.passed ? '通过' : '未通过')));
    })));
}

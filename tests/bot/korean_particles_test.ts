/**
 * Korean particles after placeholders: a value's last syllable decides 이/가, 을/를, 은/는, (으)로, 과/와, so a
 * placeholder may only be followed by the both-forms spelling (`이(가)`, `을(를)`, `은(는)`, `(으)로`) or a reworded
 * sentence. Also: no space between markdown and a particle, and the terms of `bot/src/i18n/GLOSSARY.md`.
 */
import assert from "node:assert/strict";
import { CATALOGS } from "../../bot/mod.ts";
import { translator } from "../../bot/src/i18n/catalog.ts";
import { refusalText } from "../../bot/src/ladder/refusal_reasons.ts";

/** A placeholder (optionally inside markdown or brackets), an optional space, then a one-form particle ending a word. */
const PARTICLE_AFTER_PLACEHOLDER = /\{\w+\}[`*)\]]*\s?(이|가|을|를|은|는|으로|로|과|와)(?![(\uAC00-\uD7A3])/;
/** Markdown, a quote or a bracket, a space, then a particle. */
const SPACE_BEFORE_PARTICLE = /[`*")]\s(으로|로|를|을|는|은|이|가|도)(?=[\s.,!:)]|$)/;

/** A parenthesis right after a word ("시즌({active})은", "메시지(경기 {match})를") leaves the particle to that word. */
const aside = (text: string) => text.replace(/(?<=[\uAC00-\uD7A3])\([^()]*\{\w+\}[^()]*\)/g, "");

const problems = (check: RegExp) =>
  Object.entries(CATALOGS.ko).filter(([, text]) => check.test(aside(text))).map(([key, text]) => `${key}: ${text}`);

Deno.test("Korean: the particle check catches the defects it is for", () => {
  for (
    const bad of [
      "경기 #{id}가 잡혔습니다",
      "#{id}를 확인",
      "({code}) 로 변경",
      "**{value}** 는",
      "`{ref}` 를",
      "`{running}`을 사용",
    ]
  ) {
    assert.ok(PARTICLE_AFTER_PLACEHOLDER.test(bad), bad);
  }
  for (
    const good of [
      "경기 #{id}이(가) 잡혔습니다",
      "#{id}을(를)",
      "{name}(으)로",
      "**{value}**은(는)",
      "{n}회",
      "{id}의 결과",
    ]
  ) {
    assert.ok(!PARTICLE_AFTER_PLACEHOLDER.test(good), good);
  }
  assert.ok(!PARTICLE_AFTER_PLACEHOLDER.test(aside("현재 시즌({active})은 종료")));
  assert.ok(SPACE_BEFORE_PARTICLE.test("`/setup` 으로 설정"));
  assert.ok(!SPACE_BEFORE_PARTICLE.test("`/setup`으로 설정"));
});

Deno.test("Korean: no placeholder is followed by a particle that assumes a final consonant (or none)", () => {
  assert.deepEqual(problems(PARTICLE_AFTER_PLACEHOLDER), []);
});

Deno.test("Korean: no space between markdown and a particle", () => {
  assert.deepEqual(problems(SPACE_BEFORE_PARTICLE), []);
});

Deno.test("Korean: one term per concept (glossary), and the lobby speed is the client's 'Faster'", () => {
  const ko = CATALOGS.ko;
  assert.match(ko["match.lobby"], /게임 속도: 매우 빠르게/, "Faster is 매우 빠르게 (빠르게 is Fast)");
  const offending = Object.entries(ko).filter(([, text]) => /매치(?!메이킹)|큐|부계정|회원님|실드|로비/.test(text)).map(
    ([key, text]) => `${key}: ${text}`,
  );
  assert.deepEqual(offending, []);
  assert.match(ko["match.confirm"], /수락/);
  assert.match(ko["match.abort"], /거절/);
  assert.doesNotMatch(ko["match.viewer"], /\{id\}/, "no raw Discord id in a Korean sentence");
});

Deno.test("Korean: the state machine's refusal reasons read in Korean, with no English inside", () => {
  const ko = translator("ko");
  const reasons = [
    "not a player of this match",
    "the match is completed",
    "the match is abandoned",
    "the confirmation time is over",
    "already confirmed",
    "no aborts left this month",
    "already reported",
    "the match is not past a deadline",
    "something new",
  ];
  for (const reason of reasons) {
    const text = ko("match.refused.body", { reason: refusalText(ko, reason) });
    assert.doesNotMatch(text, /[A-Za-z]/, `${reason} → ${text}`);
  }
  assert.equal(refusalText(translator("en"), "the match is completed"), "the match is now “Completed”");
});

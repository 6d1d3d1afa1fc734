/**
 * Korean messages of the leaderboard screens and of the profile's statistics: every key of `en_leaderboard.ts`, same
 * placeholders.
 *
 * @module
 */
import type { enLeaderboard } from "./en_leaderboard.ts";

export const koLeaderboard: Record<keyof typeof enLeaderboard, string> = {
  "command.leaderboard": "래더 순위 보기",

  "lb.title": "🏆 플레이어 순위표",
  "lb.filters": "**종족:** `{races}`\n**국가:** `{countries}`\n**등급:** `{ranks}`\n**최고 종족만:** {best}",
  "lb.all": "전체",
  "lb.yes": "예",
  "lb.no": "아니요",
  "lb.col.rank": "순위",
  "lb.col.pos": "#",
  "lb.col.letter": "등급",
  "lb.col.race": "종족",
  "lb.col.country": "국가",
  "lb.col.name": "이름",
  "lb.col.rating": "MMR",
  "lb.legend": "순위: 전체 순위 · #: 이 목록에서의 위치 · 등급: 랭크 등급",
  "lb.empty": "해당하는 플레이어가 없습니다.",
  "lb.footer": "{page}/{pages} 페이지 • 플레이어 {count}명",
  "lb.footer.inactive":
    "⚠️ 최근 2주 동안 경기를 하지 않은 플레이어는 순위가 매겨지지 않으며 순위표에 표시되지 않습니다.",
  "lb.footer.over":
    "⚠️ 이 필터에 해당하는 플레이어가 1000명을 넘습니다. 디스코드 UI 제한으로 상위 1000명만 표시됩니다.",
  "lb.prev": "이전 페이지",
  "lb.next": "다음 페이지",
  "lb.jump": "페이지 이동",
  "lb.best": "최고 종족만",
  "lb.clear": "필터 모두 지우기",
  "lb.racePlaceholder": "종족으로 거르기 (여러 개 선택)...",
  "lb.rankPlaceholder": "등급으로 거르기 (여러 개 선택)...",
  "lb.countryPlaceholder": "국가로 거르기 ({part}/2)...",
  "lb.rankOption": "{letter} 등급",
  "lb.country.other": "기타 (나머지 모든 국가)",
  "lb.jump.title": "페이지 이동",
  "lb.jump.label": "페이지 (1–{pages})",
  "lb.race.bw_terran": "스1 테란",
  "lb.race.bw_zerg": "스1 저그",
  "lb.race.bw_protoss": "스1 토스",
  "lb.race.sc2_terran": "스2 테란",
  "lb.race.sc2_zerg": "스2 저그",
  "lb.race.sc2_protoss": "스2 토스",

  "profile.overall": "📈 전체 통계",
  "profile.overall.value": "**총 경기 수:** {games}\n**전적:** {record}\n**승률:** {rate}\n**마지막 경기:** {last}",
  "profile.bw": "{logo} 브루드 워 MMR",
  "profile.sc2": "{logo} 스타크래프트 II MMR",
  "profile.race.line": "- {rankEmote} {raceEmote} **{race}:** {rating} MMR • {record} ({rate}) • {rank}",
  "profile.race.ranked": "{letter} 등급 #{global}",
  "profile.race.unranked": "순위 없음",
  "profile.race.windows": "  최근 14일: {d14}\n  최근 30일: {d30}\n  최근 90일: {d90}\n  마지막 경기: {last}",
  "profile.race.none": "- {raceEmote} **{race}:** MMR 없음 • 경기 기록 없음",
  "profile.never": "없음",
};

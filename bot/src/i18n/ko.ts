/**
 * The Korean message catalog. It must have every key of `en.ts` with the same placeholders.
 *
 * @module
 */
import type { MessageKey } from "./en.ts";

export const ko: Record<MessageKey, string> = {
  "common.footer": "EvoLadderBot • SC: Evo Complete 래더 봇",
  "common.close": "닫기",
  "common.cancel": "취소",
  "common.confirm": "확인",
  "common.tryAgain": "다시 시도",
  "common.restart": "처음부터",
  "common.none": "없음",
  "common.notSet": "설정 안 됨",
  "common.cancelled.title": "✖️ 취소됨",
  "common.cancelled.body": "아무것도 변경되지 않았습니다.",

  "guard.dmOnly.title": "❌ DM 전용 명령어",
  "guard.dmOnly.body":
    "이 봇의 명령어는 DM에서만 사용할 수 있습니다. 봇과의 개인 메시지를 열고 그곳에서 명령어를 실행하세요.",
  "guard.banned.title": "🚫 계정 차단됨",
  "guard.banned.body": "회원님의 계정은 이 봇의 사용이 차단되었습니다. 착오라고 생각되면 관리자에게 문의하세요.",
  "guard.tos.title": "❌ 이용 약관 동의 필요",
  "guard.tos.body": "먼저 이용 약관에 동의해야 합니다. `/termsofservice` 로 약관을 읽고 동의하세요.",
  "guard.setup.title": "❌ 프로필 설정 필요",
  "guard.setup.body": "이 명령어를 사용하기 전에 `/setup` 으로 플레이어 프로필을 완성하세요.",
  "guard.adminOnly.title": "❌ 관리자 전용",
  "guard.adminOnly.body": "래더 관리자만 이 명령어를 사용할 수 있습니다.",
  "guard.guildOnly.body": "관리자 명령어는 관리자 서버에서만 사용할 수 있습니다.",

  "error.title": "❌ 문제가 발생했습니다",
  "error.internal":
    "처리 중 문제가 발생했습니다. 잠시 후 다시 시도하세요. 계속 발생하면 관리자에게 `{ref}` 를 알려 주세요.",
  "error.shuttingDown": "봇이 재시작 중입니다. 1분 후에 다시 시도하세요.",
  "error.staleComponent": "이 버튼이나 메뉴는 더 이상 유효하지 않습니다. 명령어를 다시 실행하세요.",
  "error.saveFailed": "변경 사항을 저장하지 못했습니다. 잠시 후 다시 시도하세요.",

  "tos.title": "📋 이용 약관, 이용자 행동 규칙, 개인정보 처리방침, 환불 정책",
  "tos.body":
    "SC: Evo Complete 래더 봇을 사용하기 전에 이용 약관, 이용자 행동 규칙, 개인정보 처리방침 및 환불 정책을 읽어 주세요:\n{url}\n미러: {mirror}\n\n**약관에 동의합니다** 를 누르면 이에 동의하는 것입니다.",
  "tos.accept": "약관에 동의합니다",
  "tos.decline": "약관에 동의하지 않습니다",
  "tos.accepted.title": "✅ 이용 약관 동의 완료",
  "tos.accepted.body": "감사합니다! 이제 `/setup` 으로 플레이어 프로필을 설정하세요.",
  "tos.accepted.footer": "이제 SC: Evo Complete 래더 봇의 모든 기능을 사용할 수 있습니다.",
  "tos.declined.title": "❌ 이용 약관 거부됨",
  "tos.declined.body":
    "이용 약관을 거부하셨으므로 봇 명령어를 사용할 수 없습니다. 동의하려면 언제든지 `/termsofservice` 를 사용하세요.",

  "setup.modal.title": "플레이어 설정",
  "setup.modal.mainId": "유저 ID",
  "setup.modal.mainId.placeholder": "게임 내 이름: 영문자 3-12자",
  "setup.modal.battletag": "배틀태그",
  "setup.modal.battletag.placeholder": "예: Name#1234",
  "setup.modal.alt": "보조 ID {n} (선택)",
  "setup.modal.alt.placeholder": "3-12자, 모든 언어 가능",
  "setup.invalid.mainId": "❌ 잘못된 유저 ID",
  "setup.invalid.battletag": "❌ 잘못된 배틀태그",
  "setup.invalid.alt": "❌ 잘못된 보조 ID {n}",
  "setup.invalid.duplicate": "❌ 중복된 ID",
  "setup.invalid.body": "**오류:** {error}\n\n다시 시도하세요.",
  "setup.taken.mainId.title": "❌ 이미 사용 중인 유저 ID",
  "setup.taken.mainId.body":
    "유저 ID **{value}** 는 다른 플레이어가 이미 사용 중입니다. 다른 ID를 선택하세요. 본인의 ID가 맞다면 관리자에게 문의하세요.",
  "setup.taken.battletag.title": "❌ 이미 사용 중인 배틀태그",
  "setup.taken.battletag.body":
    "배틀태그 **{value}** 는 다른 플레이어가 이미 사용 중입니다. 확인해 주세요. 본인의 배틀태그가 맞다면 관리자에게 문의하세요.",
  "setup.select.title": "⚙️ 설정 - 국가 및 지역 선택",
  "setup.select.body":
    '국적(시민권) 국가와 거주 지역을 선택하세요.\n\n가장 흔한 49개 국가만 표시됩니다. 목록에 없다면 **Other** 를 선택한 뒤 `/setcountry` 를 사용하세요 ("Non-representing" 도 마찬가지입니다).',
  "setup.select.selected": "**선택됨:**",
  "setup.select.countryLine": "국가: {value}",
  "setup.select.regionLine": "지역: {value}",
  "setup.select.countryPlaceholder": "국가를 선택하세요 ({page}/2)",
  "setup.select.regionPlaceholder": "거주 지역을 선택하세요",
  "setup.select.missing": "❌ 확인하기 전에 국가와 지역을 모두 선택하세요.",
  "setup.preview.title": "🔍 설정 정보 미리 보기",
  "setup.preview.body": "정보를 확인하세요. 저장하려면 **확인** 을 누르세요.",
  "setup.done.title": "✅ 설정 완료!",
  "setup.done.body": "프로필이 저장되었습니다. 다음 단계는 `/help` 를 참고하세요.",
  "setup.cancelled": "설정이 취소되었습니다. 준비되면 `/setup` 을 다시 사용하세요.",

  "field.userId": "🆔 유저 ID",
  "field.battletag": "#️⃣ 배틀태그",
  "field.country": "{flag} 국적",
  "field.region": "{globe} 거주 지역",
  "field.altIds": "🆔 보조 ID",

  "validation.mainId.empty": "유저 ID는 비워 둘 수 없습니다",
  "validation.mainId.tooShort": "유저 ID는 3자 이상이어야 합니다",
  "validation.mainId.tooLong": "유저 ID는 12자를 넘을 수 없습니다",
  "validation.mainId.letters": "메인 ID는 영문자(A-Z, a-z)로만 이루어져야 하며 3자 이상이어야 합니다",
  "validation.battletag.empty": "배틀태그는 비워 둘 수 없습니다",
  "validation.battletag.separator": "배틀태그에는 '#' 구분자가 정확히 하나 있어야 합니다",
  "validation.battletag.name": "이름 부분은 1-12자여야 합니다",
  "validation.battletag.digits": "숫자 부분은 숫자로만 이루어져야 합니다",
  "validation.battletag.digitsLength": "숫자 부분은 3-12자리여야 합니다",
  "validation.alt.tooShort": "보조 ID는 3자 이상이어야 합니다",
  "validation.alt.tooLong": "보조 ID는 12자를 넘을 수 없습니다",
  "validation.duplicate": "모든 ID는 서로 달라야 합니다.",

  "setcountry.invalid.title": "❌ 잘못된 국가 선택",
  "setcountry.invalid.body": "**{value}** 는 목록에 있는 국가가 아닙니다. 입력을 시작한 뒤 제안 중 하나를 선택하세요.",
  "setcountry.preview.title": "🔍 국가 선택 미리 보기",
  "setcountry.preview.body": "국가를 저장하려면 **확인** 을 누르세요.",
  "setcountry.done.title": "✅ 국가 변경 완료",
  "setcountry.done.body": "국가가 {flag} {name} ({code}) 로 변경되었습니다.",

  "profile.title.complete": "✅ 플레이어 프로필: {name}",
  "profile.title.incomplete": "⚠️ 플레이어 프로필: {name}",
  "profile.basic": "📋 기본 정보",
  "profile.basic.value":
    "**유저:** {mention}\n**플레이어 이름:** {name}\n**배틀태그:** {battletag}\n**보조 ID:** {alts}",
  "profile.location": "{globe} 위치",
  "profile.location.value": "**국적:** {country}\n**거주 지역:** {region}",
  "profile.mmr": "🎮 MMR 정보",
  "profile.mmr.none": "아직 랭크 게임 기록이 없습니다. 큐에 참가해 MMR 여정을 시작하세요!",
  "profile.status": "📊 계정 상태",
  "profile.status.value": "{tos} 이용 약관 동의\n{setup} 설정 완료\n🚫 남은 매치 취소 횟수 {aborts}/3",
  "profile.footer": "디스코드 ID: {username} • {id}",

  "help.title": "📖 SC: Evo Complete 래더 - 도움말",
  "help.body":
    "SC: Evo Complete 아케이드 모드의 1대1 래더입니다. 모든 매치는 브루드 워 종족과 스타크래프트 II 종족의 대결입니다. 이곳 DM에서 저와 대화하세요.",
  "help.commands": "명령어",
  "help.commands.value":
    "`/termsofservice` 약관 읽기 및 동의 (가장 먼저 필요)\n`/setup` 유저 ID, 배틀태그, 보조 ID, 국가, 지역 설정\n`/setcountry` 국가 변경 (모든 국가)\n`/profile` 프로필과 레이팅 보기\n`/leaderboard` 순위 보기\n`/queue` 매치 찾기\n`/prune` 이 채팅에서 오래된 봇 메시지 삭제\n`/help` 이 메시지",
  "help.match": "매치 진행 방식",
  "help.match.value":
    "1. `/queue`: BW 종족 또는 SC2 종족(또는 둘 다)을 고르고 맵을 최대 4개까지 제외한 뒤 참가하세요.\n2. 매치가 잡히면 60초 안에 확인하세요.\n3. 표시된 게임 내 채널에서 상대를 만나 표시된 맵과 설정으로 로비를 만들고 플레이하세요.\n4. 리플레이를 여기에 올리면 결과가 보고됩니다. 불가능하면 버튼으로 결과를 보고하세요.",
  "help.links": "링크",
  "help.links.value": "이용 약관: {url}",

  "prune.none.title": "✅ 삭제할 메시지 없음",
  "prune.none.body": "이 채팅에는 3시간이 지난 봇 메시지가 없습니다.",
  "prune.confirm.title": "🗑️ 메시지 삭제 확인",
  "prune.confirm.body":
    "오래된 메시지 {count}개가 삭제됩니다.\n가장 오래된 메시지: {oldest}\n가장 최근 메시지: {newest}\n예상 시간: 약 {seconds}초.",
  "prune.progress.title": "🗑️ 삭제 중…",
  "prune.progress.body": "오래된 메시지 {count}개를 삭제하는 중…",
  "prune.done.title": "✅ 메시지 삭제 완료",
  "prune.done.body": "오래된 메시지 {deleted}개를 삭제했습니다.",
  "prune.done.failed": "⚠️ 메시지 {failed}개를 삭제하지 못했습니다.",

  "replay.noMatch.title": "📎 이 리플레이에 해당하는 매치 없음",
  "replay.noMatch.body":
    "진행 중인 확정된 래더 매치가 없어 이 리플레이를 연결할 수 없습니다. 매치가 진행 중일 때 여기에 올려 주세요.",

  "admin.placeholder": "이 빌드에서는 아직 관리자 도구를 사용할 수 없습니다.",

  "command.termsofservice": "이용 약관 보기",
  "command.setup": "매치메이킹을 위한 플레이어 프로필 설정",
  "command.setcountry": "국가 설정 또는 변경",
  "command.setcountry.country": "국적 국가",
  "command.profile": "플레이어 프로필 보기",
  "command.help": "래더 진행 방식과 각 명령어 설명",
  "command.prune": "렉을 줄이기 위해 오래된 봇 메시지(180분 이상) 삭제",
  "command.admin": "래더 관리",
  "command.admin.snapshot": "래더 상태 보기",
};

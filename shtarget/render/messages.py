"""What the commands say besides their reports, in both languages: the title of every finding code, and the
command line's own messages. Codes, positions, `error[code]` tokens and exit codes never change with the
language; only the words do."""

from __future__ import annotations

from types import MappingProxyType

# The Chinese title of every finding code, shown before the finding's own detail (which names fields, values
# and quotes as the data writes them). A test checks every code has one.
FINDING_TITLES_ZH = MappingProxyType(
    {
        "yaml-syntax": "YAML 语法错误",
        "duplicate-key": "键重复",
        "unknown-field": "未知字段",
        "missing-field": "缺少必填字段",
        "wrong-type": "类型不符",
        "empty-value": "值为空",
        "unknown-schema": "未知的格式版本",
        "bad-id": "编号不合规",
        "duplicate-id": "编号重复",
        "duplicate-year": "同一时期的数值重复",
        "unknown-plan": "未知规划",
        "unknown-source": "未知来源",
        "unknown-target": "未知指标",
        "year-out-of-range": "年份超出范围",
        "future-year": "年份晚于当前年份",
        "target-before-baseline": "目标年份早于基期",
        "period-mismatch": "目标年份不在规划期内",
        "bad-period": "规划期不合规",
        "bad-quantity": "数值无法读取",
        "unit-mismatch": "单位不一致",
        "non-finite": "数值不是有限数",
        "bad-enum": "取值不在允许范围",
        "bad-source": "来源不合规",
        "bad-sha256": "sha256 不合规",
        "bad-setting": "设置不合规",
        "bad-months": "月份数不合规",
        "bad-date": "日期不合规",
        "bad-value": "数值超出范围",
        "missing-source": "缺少来源",
        "missing-quote": "缺少引文",
        "missing-evidence": "缺少目标依据",
        "unexpected-field": "多余字段",
        "unsupported-yaml": "不支持的 YAML 写法",
        "bad-relation": "关系式不合规",
        "empty-file": "文件为空",
        "not-utf8": "不是 UTF-8 编码",
        "too-deep": "嵌套过深",
        "unreadable": "无法读取",
        "quote-not-found": "引文未在来源中找到",
        "sha256-mismatch": "来源文件已改动（sha256 不符）",
        "source-unreadable": "来源文件无法读取",
        "path-outside-repo": "来源路径在仓库之外",
        "source-missing": "来源文件不存在",
        "ambiguous-plan": "该文件对应多个规划，请用 --plan 指定",
        "clause-cut": "句子过长，超出部分未读取",
        "number-not-in-quote": "引文未写明该数值",
        "magnitude-mismatch": "数量级与引文不符",
        "fractional-count": "计数不是整数",
        "qualifier-dropped": "引文的限定词未记录",
        "qualifier-mismatch": "限定词与引文不符",
        "part-year-quote": "引文是部分月份数据",
        "draft-target": "草稿目标尚未审核",
        "draft-actual": "草稿数值尚未审核",
        "scope-mismatch": "统计口径与目标不同",
        "scope-mixed": "统计口径前后不一",
        "relation-undefined": "关系式无法计算",
        "relation-violated": "关系式不成立",
        "unused-source": "来源未被引用",
        "status-gate": "状态门槛未通过",
        "findings-omitted": "其余问题未列出",
        "cannot-edit": "无法编辑",
        "bad-accept": "不可接受的警告代码",
    }
)

MESSAGES = MappingProxyType(
    {
        "en": {
            "no-problems": "no problems found",
            "counts": "{errors} error{errors_s}, {warnings} warning{warnings_s}",
            "accepted-count": " ({accepted} accepted)",
            "accepted": " (accepted: {reason})",
            "no-data-file": "no targets.yaml here or above; pass --file or run `shtarget init`",
            "nothing-written": "nothing written to {file}",
            "no-such-file": "{file}: no such file",
            "source-added": "added source '{id}'",
            "already-pinned": "sources.{id}: {path} is already pinned to sha256 {digest}",
            "pinned": "sources.{id}: {path} pinned, sha256 {old} → {new}",
            "quotes-lost": "; {count} quote{s} not found in it",
            "using": "using {file}",
            "using-environment": "using {file} (from $SHTARGET_FILE)",
            "using-sample": (
                "using the sample data bundled with shtarget ({file}); `shtarget init` makes a working copy"
            ),
            "strict-refused": "--strict: {count} warning{s} about the change; nothing written to {file}",
            "errors-in": "{count} error{s} in {file}; nothing assessed (run 'shtarget check')",
            "wrote": "wrote {file}",
            "recorded": "{figure} {period}: {value}",
            "status-change": "; status as of {year}: {change} — {why}",
            "created": "created a working copy in {dir}: {files}",
            "kept": "kept what was already there: {files}",
            "replace-owner": "{workflow}: replace OWNER in its pip install line with where shtarget is hosted",
            "next": "next: {cd}shtarget check --strict, then record new figures (README: The yearly update)",
        },
        "zh": {
            "no-problems": "未发现问题",
            "counts": "{errors} 个错误，{warnings} 个警告",
            "accepted-count": "（其中 {accepted} 个已接受）",
            "accepted": "（已接受：{reason}）",
            "no-data-file": "本目录及上级目录中没有 targets.yaml；请用 --file 指定，或运行 `shtarget init`",
            "nothing-written": "未写入 {file}",
            "no-such-file": "{file}：文件不存在",
            "source-added": "已添加来源 '{id}'",
            "already-pinned": "sources.{id}：{path} 的 sha256 已是 {digest}",
            "pinned": "sources.{id}：{path} 已重新固定，sha256 {old} → {new}",
            "quotes-lost": "；其中 {count} 条引文在文件中找不到了",
            "using": "使用 {file}",
            "using-environment": "使用 {file}（来自 $SHTARGET_FILE）",
            "using-sample": "使用 shtarget 自带的示例数据（{file}）；`shtarget init` 可建立可编辑的工作副本",
            "strict-refused": "--strict：此次修改有 {count} 个警告；未写入 {file}",
            "errors-in": "{file} 中有 {count} 个错误；未作评估（运行 'shtarget check' 查看）",
            "wrote": "已写入 {file}",
            "recorded": "{figure} {period}：{value}",
            "status-change": "；截至{year}年的状态：{change}——{why}",
            "created": "已在 {dir} 创建工作副本：{files}",
            "kept": "保留已有文件：{files}",
            "replace-owner": "{workflow}：请把其中 pip install 一行的 OWNER 换成 shtarget 所在的仓库",
            "next": "下一步：{cd}shtarget check --strict，然后录入新数据（见 README：The yearly update）",
        },
    }
)


def message(key: str, lang: str, **values: object) -> str:
    return MESSAGES["en" if lang == "en" else "zh"][key].format(**values)


def finding_text(code: str, severity: str, detail: str, lang: str) -> str:
    """A finding after its position: `error[code] detail`; in Chinese the code's title comes first. The
    `error[code]` / `warning[code]` token stays as it is in every language: editors and CI problem matchers
    find findings by it."""
    title = FINDING_TITLES_ZH.get(code) if lang != "en" else None
    return f"{severity}[{code}] {title}：{detail}" if title else f"{severity}[{code}] {detail}"

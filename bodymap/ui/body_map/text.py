"""How the body map describes a point in words: list rows, tooltips, status lines."""

from __future__ import annotations

from bodymap.domain.finding import TENDERNESS_GRADES, Finding
from bodymap.ui.body_map.map_editor import MapPoint


def activity_word(finding: Finding) -> str:
    activity = finding.effective_activity
    return activity.value if activity is not None else "not assessed"


def point_line(mp: MapPoint) -> str:
    """'1 R upper trapezius - active' (a list row)."""
    text = f"{mp.label} {mp.name} - {activity_word(mp.finding)}"
    if mp.point.is_resolved:
        text += ", resolved"
    return text


def finding_summary(finding: Finding) -> str:
    """The finding in one line, e.g. 'active; tenderness 2 (moderate); NRS 6/10; taut band'."""
    parts: list[str] = [activity_word(finding)]
    if finding.tenderness is not None:
        parts.append(f"tenderness {finding.tenderness} ({TENDERNESS_GRADES[finding.tenderness]})")
    if finding.nrs_on_compression is not None:
        parts.append(f"NRS {finding.nrs_on_compression}/10")
    if finding.ppt is not None:
        parts.append(f"PPT {finding.ppt.mean:.1f} {finding.ppt.unit.value}")
    signs = [
        name
        for name, value in (
            ("taut band", finding.taut_band),
            ("referred pain", finding.referred_pain),
            ("familiar pain", finding.pain_recognition),
            ("twitch", finding.twitch_response),
            ("jump sign", finding.jump_sign),
        )
        if value
    ]
    if signs:
        parts.append(", ".join(signs))
    if finding.sensation is not None:
        parts.append(f"refers {finding.sensation.value}")
    if len(parts) == 1 and finding.effective_activity is None:
        return "findings not yet recorded"
    return "; ".join(parts)

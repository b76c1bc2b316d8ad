"""Page and volume quality assurance: profiles, verdicts, qa.json and qa.html."""

from guji.qa.html import render_html
from guji.qa.profile import PROFILES, Profile, get_profile, judge_page
from guji.qa.report import volume_report

__all__ = ["PROFILES", "Profile", "get_profile", "judge_page", "render_html", "volume_report"]

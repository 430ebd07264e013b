"""README and docs: every relative link points at a file, every anchor at a heading."""
import glob
import os.path as osp
import re

import pytest

from conftest import REPO

DOCS = [osp.join(REPO, 'README.md'), osp.join(REPO, 'CHANGELOG.md')] + sorted(
    glob.glob(osp.join(REPO, 'docs', '**', '*.md'), recursive=True))
LINK = re.compile(r'\[[^\]]*\]\(([^)\s]+)\)')


def github_anchor(heading: str) -> str:
    """The id GitHub gives a Markdown heading: lower case, punctuation dropped
    (hyphens and underscores kept), spaces turned into hyphens."""
    text = re.sub(r'`', '', heading.strip().lower())
    text = re.sub(r'[^\w\- ]', '', text)
    return text.replace(' ', '-')


def anchors(path: str) -> set:
    found, in_code = set(), False
    for line in open(path, encoding='utf-8'):
        if line.startswith('```'):
            in_code = not in_code
        elif not in_code and (match := re.match(r'#{1,6} (.+)', line)):
            found.add(github_anchor(match.group(1)))
    return found


def test_github_anchor_matches_githubs_rule():
    assert github_anchor('Frozen I3D: ART against the attentive probe on the same tokens') == \
        'frozen-i3d-art-against-the-attentive-probe-on-the-same-tokens'
    assert github_anchor('Choices that saw test numbers') == 'choices-that-saw-test-numbers'
    assert github_anchor("The tiny baseline's schedule, checked on validation") == \
        'the-tiny-baselines-schedule-checked-on-validation'


@pytest.mark.parametrize('doc', DOCS, ids=lambda p: osp.relpath(p, REPO))
def test_every_relative_link_and_anchor_resolves(doc):
    text = open(doc, encoding='utf-8').read()
    text = re.sub(r'```.*?```', '', text, flags=re.S)  # links inside code blocks are code
    broken = []
    for target in LINK.findall(text):
        if re.match(r'[a-z]+://', target) or target.startswith('mailto:'):
            continue
        path, _, anchor = target.partition('#')
        resolved = osp.normpath(osp.join(osp.dirname(doc), path)) if path else doc
        if not osp.exists(resolved):
            broken.append(f'{target}: no file {osp.relpath(resolved, REPO)}')
        elif anchor and resolved.endswith('.md') and anchor not in anchors(resolved):
            broken.append(f'{target}: no heading with anchor #{anchor}')
    assert not broken, broken


def test_readme_is_a_project_page_of_at_most_150_lines():
    assert len(open(osp.join(REPO, 'README.md')).read().splitlines()) <= 150

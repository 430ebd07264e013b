"""Prompt templates: each turns a class name into one sentence for the text encoder."""
import os.path as osp
from typing import List, Optional

DEFAULT_TEMPLATES = (
    'This is a video about {}.',
    'The person is doing {}.',
    'A video of a person doing {}.',
    'A clip of {}.',
    'Someone performs {}.',
    'A photo of a person doing {}.',
    'Playing {}.',
    'An athlete doing {}.',
)


def check_templates(templates: List[str], source: str = 'templates') -> List[str]:
    if not templates:
        raise ValueError(f'{source}: no prompt templates')
    for template in templates:
        if template.count('{}') != 1:
            raise ValueError(f'{source}: prompt template {template!r} must contain '
                             'exactly one "{}" where the class name goes')
    return list(templates)


def load_templates(path: Optional[str] = None) -> List[str]:
    """The default templates, or those of a file (one a line, each with one ``{}``)."""
    if path is None:
        return list(DEFAULT_TEMPLATES)
    if not osp.isfile(path):
        raise FileNotFoundError(f'template file not found: {path}')
    with open(path, encoding='utf-8') as f:
        templates = [line.strip() for line in f if line.strip()]
    return check_templates(templates, path)

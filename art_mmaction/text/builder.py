"""Build a text-semantics bank: class names x prompt templates -> [N_p, N_c, C_t]."""
from typing import Dict, List

import torch
from mmengine.utils import ProgressBar

from .bank_file import save_bank
from .encoders import TextEncoder
from .templates import check_templates


def encode_bank(encoder: TextEncoder, class_names: List[str],
                templates: List[str], progress: bool = False) -> torch.Tensor:
    """Embed every (template, class) sentence: returns [N_p, N_c, C_t], unit-norm rows.
    ``progress`` shows mmengine's progress bar over the templates."""
    if not class_names:
        raise ValueError('no class names to embed')
    templates = check_templates(templates)
    bar = ProgressBar(len(templates)) if progress else None
    rows = []
    for template in templates:
        rows.append(encoder.encode([template.format(name) for name in class_names]))
        if bar is not None:
            bar.update()
    return torch.stack(rows)


def build_bank(encoder: TextEncoder, class_names: List[str], templates: List[str],
               out_file: str, label_source: str = '', progress: bool = False) -> Dict:
    """Embed and save; return the metadata written beside the tensor."""
    embeddings = encode_bank(encoder, class_names, templates, progress)
    meta = dict(class_names=list(class_names), templates=list(templates),
                encoder=encoder.name, weights=encoder.weights,
                random_init=bool(encoder.random_init), label_source=label_source)
    save_bank(out_file, embeddings, meta)
    return dict(meta, num_prompts=embeddings.shape[0], num_classes=embeddings.shape[1],
                embed_dims=embeddings.shape[2])

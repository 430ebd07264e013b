"""The text-constrained semantics bank (Sun et al., TNNLS 2025: class semantics from the
language branch of a vision-language model, queried by RSSA and fine-tuned by EMA)."""
from typing import Optional

import torch
import torch.nn.functional as F
from mmaction.registry import MODELS
from mmengine.dist import all_reduce
from mmengine.logging import MMLogger
from mmengine.model import BaseModule
from torch import nn

from art_mmaction.text.bank_file import check_bank_shape, load_bank


@MODELS.register_module()
class TextSemanticsBank(BaseModule):
    """Holds the class-text embeddings the ART head reads, and their fine-tuned copy.

    State (all saved in checkpoints):

    * ``bank`` (S, buffer, no gradient) [N_p, N_c, C_t]: what the head reads;
      moved towards ``agent_bank`` by :class:`TextBankEMAHook` after every step.
    * ``agent_bank`` (S_a, parameter) [N_p, N_c, C_t]: trained by the text-bank
      loss only.
    * ``initial_bank`` (S0, buffer) [N_p, N_c, C_t]: the file's content, kept so a
      checkpoint alone shows how far fine-tuning moved the bank.
    * ``prototypes`` (W, buffer) [N_c, C_t]: class prototypes for the prototype
      consistency loss. Ours: EMA class centres of the projected video features,
      initialised from the class text semantics.

    The bank file is read by :meth:`init_weights`, like pretrained weights: a
    config builds without it, and a trained checkpoint carries the bank. mmengine
    calls ``init_weights()`` before ``--resume`` / ``load_from`` load a checkpoint,
    so a missing bank file, or one whose shape disagrees with the config, is not
    an error there: the bank stays unset until a checkpoint that carries one is
    loaded ("the checkpoint's bank wins", logged), and the first forward pass of a
    bank that is still unset raises the error that names the file. A checkpoint
    bank that differs from the file's is logged too.

    Prototypes are updated from the samples of every rank (one all-reduce of the
    per-class sums and counts), so W is the same on every rank.

    Args:
        num_classes (int): N_c.
        text_dims (int): C_t, the text embedding width.
        num_prompts (int): N_p, prompt templates per class.
        bank_file (str, optional): Bank file written by ``tools/data/build_text_bank.py``.
        prototype_momentum (float): EMA momentum of the class prototypes.
    """

    def __init__(self, num_classes: int, text_dims: int, num_prompts: int,
                 bank_file: Optional[str] = None, prototype_momentum: float = 0.9,
                 init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        self.num_classes, self.text_dims, self.num_prompts = num_classes, text_dims, num_prompts
        self.bank_file = bank_file
        self.prototype_momentum = prototype_momentum
        shape = (num_prompts, num_classes, text_dims)
        self.register_buffer('bank', torch.zeros(shape))
        self.register_buffer('initial_bank', torch.zeros(shape))
        self.agent_bank = nn.Parameter(torch.zeros(shape))
        self.register_buffer('prototypes', torch.zeros(num_classes, text_dims))
        self._unset_error: Optional[Exception] = None  # why the bank is still empty
        self._file_embeddings: Optional[torch.Tensor] = None

    def init_weights(self) -> None:
        if self.bank_file is None:
            raise ValueError(
                'TextSemanticsBank.bank_file is not set: a text bank is needed to '
                'train ART. Build one with tools/data/build_text_bank.py and set '
                'model.cls_head.bank.bank_file (the config key `text_bank_file`).')
        try:
            embeddings, meta = load_bank(self.bank_file)
            check_bank_shape(self.bank_file, embeddings, self.num_prompts,
                             self.num_classes, self.text_dims)
        except (FileNotFoundError, ValueError) as error:
            # a checkpoint loaded next (--resume, load_from) may still bring the bank
            self._unset_error = error
            MMLogger.get_current_instance().warning(
                f'text bank not set from its file: {error} The bank must come from a '
                'checkpoint (--resume / load_from), or training stops at the first step.')
            return
        if meta.get('random_init'):
            MMLogger.get_current_instance().warning(
                f'text bank {self.bank_file} was built with a RANDOM-INIT encoder '
                '(for tests only): its class semantics carry no language knowledge.')
        self.load_embeddings(embeddings)
        self._file_embeddings = self.initial_bank.clone()

    def check_is_set(self) -> None:
        """Raise the bank file's error if neither the file nor a checkpoint set S."""
        if self._unset_error is not None:
            raise self._unset_error

    def _load_from_state_dict(self, state_dict, prefix, local_metadata, strict,
                              missing_keys, unexpected_keys, error_msgs):
        loaded = {name: state_dict.get(prefix + name) for name in ('bank', 'initial_bank')}
        super()._load_from_state_dict(state_dict, prefix, local_metadata, strict,
                                      missing_keys, unexpected_keys, error_msgs)
        fits = all(t is not None and t.shape == self.bank.shape for t in loaded.values())
        if not fits:
            return
        logger = MMLogger.get_current_instance()
        if self._unset_error is not None:
            logger.warning(f'text bank taken from the checkpoint: the file could not be '
                           f'used ({self._unset_error})')
        elif self._file_embeddings is not None and not torch.allclose(
                self._file_embeddings.to(loaded['initial_bank']), loaded['initial_bank'],
                atol=1e-6):
            logger.warning(f'the text bank in the checkpoint differs from {self.bank_file}: '
                           "the checkpoint's bank (S, S_a, S0, W) is used")
        self._unset_error = self._file_embeddings = None

    @torch.no_grad()
    def load_embeddings(self, embeddings: torch.Tensor) -> None:
        """Set S0 = S = S_a = ``embeddings`` (L2-normalised) and W to class means."""
        embeddings = F.normalize(embeddings.to(self.bank), dim=-1)
        self.initial_bank.copy_(embeddings)
        self.bank.copy_(embeddings)
        self.agent_bank.copy_(embeddings)
        self.prototypes.copy_(self.class_semantics(embeddings))
        self._unset_error = None

    @staticmethod
    def class_semantics(bank: torch.Tensor) -> torch.Tensor:
        """s_c = normalise(mean over prompts of bank[:, c]): [N_p, N_c, C] -> [N_c, C]."""
        return F.normalize(F.normalize(bank, dim=-1).mean(dim=0), dim=-1)

    @torch.no_grad()
    def ema_update(self, momentum: float) -> None:
        """S <- momentum * S + (1 - momentum) * S_a."""
        self.bank.mul_(momentum).add_(self.agent_bank.detach(), alpha=1.0 - momentum)

    @torch.no_grad()
    def update_prototypes(self, video_embeds: torch.Tensor, labels: torch.Tensor) -> None:
        """Move W_c towards the mean of the ``video_embeds`` [B, C_t] of class c,
        over the samples of all ranks; classes absent from the batch stay.

        Rows with a non-finite value are ignored, so one bad batch cannot poison
        the prototypes before the non-finite-loss guard stops training. No host
        synchronisation: one all-reduce of [N_c, C_t + 1] sums and counts.
        """
        finite = torch.isfinite(video_embeds).all(dim=-1, keepdim=True)
        one_hot = F.one_hot(labels.long().clamp(0, self.num_classes - 1),
                            self.num_classes).to(video_embeds.dtype) * finite  # [B, N_c]
        embeds = torch.where(finite, video_embeds, torch.zeros_like(video_embeds))
        stats = torch.cat([one_hot.t() @ embeds, one_hot.sum(dim=0)[:, None]], dim=1).float()
        all_reduce(stats, op='sum')
        sums, counts = stats[:, :-1], stats[:, -1:]
        centre = F.normalize(sums / counts.clamp_min(1), dim=-1)
        m = self.prototype_momentum
        moved = F.normalize(m * self.prototypes + (1 - m) * centre, dim=-1)
        self.prototypes.copy_(torch.where(counts > 0, moved, self.prototypes))

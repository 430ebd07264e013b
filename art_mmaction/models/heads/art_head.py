"""The ART head (Sun et al., TNNLS 2025: semantics bank, RSSA, action tracklets, the MTC
loss, tracklet aggregation and the fused classifier, Eqs. 1-11 and 18)."""
import math
from typing import Dict, Optional, Tuple

import torch
import torch.nn.functional as F
from mmaction.models.heads import BaseHead
from mmaction.registry import MODELS
from mmaction.utils import SampleList
from torch import nn

from ..layers import RegionSemanticsActivation, SpatialEnhancer, TrackletAggregator
from ..layers.token_embedding import resize_positions, resize_times
from ..losses.label_smoothing import smoothed_targets


@MODELS.register_module()
class ARTHead(BaseHead):
    """Action-Region Tracking head on top of a token backbone.

    Reads ``(x_cls [N, C_b], tokens [N, T, L, C_tok])`` from the backbone and:

    1. picks the K class semantics the video matches best, without labels: top-K
       of p_c = cos(psi(x_cls), s_c) in the text space of the bank S (ours; see
       ``topk_loss_weight`` for what makes the pick action-related),
    2. enhances every frame's tokens jointly with them (``SpatialEnhancer``),
    3. decodes K region queries P + S^_t per frame (``RegionSemanticsActivation``),
       giving responses R [N, T, K, d] and response maps A [N, T, K, L],
    4. pools each tracklet over time (``TrackletAggregator``),
    5. classifies fc([phi_g(x_cls); tr_1..tr_K]) (Eq. 11, used for prediction)
       beside fc_v(x_cls) (Eq. 10).

    Losses (all logged on their own): ``loss_cls`` (fused), ``loss_cls_global``
    (the same ``loss_cls`` config and label smoothing, on fc_v), ``loss_topk``,
    the MTC terms, the text-bank terms and, when configured, ``loss_map_overlap``. Also logged, not losses: ``topk_hit``
    (ground truth among the K picked) and ``agg_entropy`` (entropy of the
    aggregation weights over time / log T: 1 = mean pooling).

    Parts a config switches off have no trainable parameters left, so DDP with
    ``find_unused_parameters=False`` works for every ablation: without
    ``loss_text`` the agent bank S_a is frozen; without ``loss_text`` and with
    ``topk_loss_weight=0`` psi is frozen too.

    Args:
        num_classes (int): N_c.
        in_channels (int): C_b, width of the backbone's global feature x_cls.
        token_channels (int, optional): Width of the frame tokens when it differs
            from ``in_channels`` (e.g. I3D: x_cls from Mixed_5c, 1024; tokens from
            Mixed_4f, 832). Default: ``in_channels``.
        bank (dict): Config of :class:`TextSemanticsBank` (``num_classes`` is
            filled in from here).
        embed_dims (int): d. Paper: 256.
        num_tracklets (int): K (= K_s). Paper: 2.
        num_tokens (int): L the positional embedding is made for; other square
            token grids are interpolated.
        num_frames (int): T the temporal embedding is made for (other T are
            interpolated); 0 disables it. Ours: the method folds frames into the
            batch, so without it a tracklet cannot tell when a region moved;
            a learned [T, d] embedding is added to every frame's tokens.
        se_layers (int): Spatial-enhancement encoder layers; 0 disables SE
            (ablation "RSSA w/o SE"). Paper: 4.
        se_residual_gate (float, optional): Ours; None (the paper's SE) or the
            initial value of SE's learned per-channel residual gate (see
            :class:`SpatialEnhancer`); 0 starts SE as the identity, for
            backbones whose tokens are already meaningful (frozen pretrained).
        rssa_layers (int): RSSA decoder layers. Paper: 4.
        prompt_init_std (float): Initial scale of RSSA's query prompts P (see
            :class:`RegionSemanticsActivation`). Default 0.02; ours: a larger
            value starts the K tracklets on different regions.
        with_cp (bool): Activation checkpointing of every SE and RSSA layer while
            training: identical results (dropout masks are replayed), less memory
            (SE's attention maps over L + K tokens per frame are recomputed in the
            backward pass instead of kept), one more forward of those layers.
        num_heads (int): Attention heads in SE and RSSA.
        ffn_ratio (float): FFN width / d in SE and RSSA.
        layer_dropout (float): Dropout inside SE and RSSA layers.
        se_attn_dropout (float, optional): Ours. Dropout on SE's attention
            weights; None uses ``layer_dropout`` (the default). 0 lets PyTorch's
            CPU attention run fused and drop the maps it would keep for backward
            (see :class:`SpatialEnhancer`).
        dropout_ratio (float): Dropout before both classifiers. Paper: 0.5.
        aggregation (dict): :class:`TrackletAggregator` arguments: ``mode``
            ('saliency' | 'mean'), ``temperature``, ``learnable_temperature``.
        loss_global_weight (float): Weight of ``loss_cls_global``.
        loss_mtc (dict, optional): :class:`MTCLoss` config; None disables it.
        loss_text (dict, optional): :class:`TextBankLoss` config; None disables it.
        loss_map_overlap (dict, optional): Ours, off by default (None): a
            :class:`MapOverlapLoss` config, a penalty on the overlap of the K
            response maps of each frame, so the tracklets look at different
            regions. Needs K >= 2.
        topk_loss_weight (float): Ours. Weight of ``loss_topk`` = CE(p / tau, y)
            on the ranking scores p_c = cos(psi(x_cls), s_c), which trains psi so
            that the top-K pick holds the action's class (the paper's "Top-K
            action-related" semantics; nothing else back-propagates into a top-K
            index). 0 leaves the ranking to the video-consistency loss alone.
        topk_temperature (float): tau of ``loss_topk``.
        detach_text_video (bool): Ours: the text-bank losses see the video feature
            through psi(x_cls.detach()), so they fine-tune S_a and psi without
            pulling the backbone (the method says they act "on S_a only").
        query_semantics (str): What the K queries (and SE and the saliency
            aggregation) read as the picked semantics. ``'text'`` (the method):
            phi_t of the top-K class semantics of the bank. ``'learned'`` (ours, a
            control): K learned class-agnostic vectors [K, d], the same for every
            video, so no text reaches the tracklets; the top-K pick is still made
            and logged (``topk_hit``), and phi_t is frozen (it has no use left).
    """

    def __init__(self,
                 num_classes: int,
                 in_channels: int,
                 bank: dict,
                 token_channels: Optional[int] = None,
                 embed_dims: int = 256,
                 num_tracklets: int = 2,
                 num_tokens: int = 196,
                 num_frames: int = 0,
                 se_layers: int = 4,
                 se_residual_gate: Optional[float] = None,
                 rssa_layers: int = 4,
                 prompt_init_std: float = 0.02,
                 with_cp: bool = False,
                 num_heads: int = 8,
                 ffn_ratio: float = 4.0,
                 layer_dropout: float = 0.1,
                 se_attn_dropout: Optional[float] = None,
                 dropout_ratio: float = 0.5,
                 aggregation: dict = dict(mode='saliency', temperature=0.1,
                                          learnable_temperature=True),
                 loss_global_weight: float = 1.0,
                 loss_mtc: Optional[dict] = dict(type='MTCLoss'),
                 loss_text: Optional[dict] = dict(type='TextBankLoss'),
                 loss_map_overlap: Optional[dict] = None,
                 topk_loss_weight: float = 1.0,
                 topk_temperature: float = 0.07,
                 detach_text_video: bool = True,
                 query_semantics: str = 'text',
                 init_cfg: Optional[dict] = dict(type='TruncNormal', layer='Linear',
                                                 std=0.02, bias=0.),
                 **kwargs):
        super().__init__(num_classes, in_channels, init_cfg=init_cfg, **kwargs)
        if not 1 <= num_tracklets <= num_classes:
            raise ValueError(f'num_tracklets (K={num_tracklets}) must be between 1 and '
                             f'num_classes ({num_classes}): K class semantics are picked per video')
        self.embed_dims, self.num_tracklets = embed_dims, num_tracklets
        self.bank = MODELS.build(dict(bank, num_classes=num_classes))
        text_dims = self.bank.text_dims

        self.global_proj = nn.Linear(in_channels, embed_dims)                    # phi_g
        token_channels = token_channels or in_channels
        self.token_proj = nn.Sequential(nn.LayerNorm(token_channels),
                                        nn.Linear(token_channels, embed_dims))   # phi_v
        self.text_proj = nn.Linear(text_dims, embed_dims)                        # phi_t
        self.video_to_text = nn.Linear(in_channels, text_dims)                   # psi
        self.pos_embed = nn.Parameter(torch.zeros(num_tokens, embed_dims))
        nn.init.trunc_normal_(self.pos_embed, std=0.02)
        self.time_embed = None
        if num_frames > 0:
            self.time_embed = nn.Parameter(torch.zeros(num_frames, embed_dims))
            nn.init.trunc_normal_(self.time_embed, std=0.02)

        self.enhancer = SpatialEnhancer(embed_dims, se_layers, num_heads, ffn_ratio,
                                        layer_dropout, se_residual_gate, with_cp,
                                        se_attn_dropout) if se_layers > 0 else None
        self.rssa = RegionSemanticsActivation(embed_dims, num_tracklets, rssa_layers,
                                              num_heads, ffn_ratio, layer_dropout, with_cp,
                                              prompt_init_std)
        self.aggregator = TrackletAggregator(**aggregation)
        self.dropout = nn.Dropout(dropout_ratio)
        self.fc_cls = nn.Linear(embed_dims * (num_tracklets + 1), num_classes)  # Eq. 11
        self.fc_global = nn.Linear(in_channels, num_classes)                    # Eq. 10

        self.loss_global_weight = loss_global_weight
        self.loss_mtc = MODELS.build(loss_mtc) if loss_mtc else None
        self.loss_text = MODELS.build(loss_text) if loss_text else None
        if loss_map_overlap and num_tracklets < 2:
            raise ValueError(f'loss_map_overlap compares the K maps of a frame and needs '
                             f'num_tracklets >= 2, got {num_tracklets}')
        self.loss_map_overlap = MODELS.build(loss_map_overlap) if loss_map_overlap else None
        self.detach_text_video = detach_text_video
        self.topk_loss_weight, self.topk_temperature = topk_loss_weight, topk_temperature
        if self.loss_text is None:
            self.bank.agent_bank.requires_grad_(False)
            if topk_loss_weight == 0:
                self.video_to_text.requires_grad_(False)
        if query_semantics not in ('text', 'learned'):
            raise ValueError(f"query_semantics must be 'text' or 'learned', got {query_semantics!r}")
        self.learned_semantics = None
        if query_semantics == 'learned':
            self.learned_semantics = nn.Parameter(torch.zeros(num_tracklets, embed_dims))
            nn.init.trunc_normal_(self.learned_semantics, std=0.02)
            self.text_proj.requires_grad_(False)

    # ------------------------------------------------------------------ #
    def _positions(self, num_tokens: int) -> torch.Tensor:
        return resize_positions(self.pos_embed, num_tokens, type(self).__name__)

    def _times(self, num_frames: int) -> torch.Tensor:
        """[T, 1, d] temporal embedding, linearly resampled when T differs."""
        return resize_times(self.time_embed, num_frames)

    def video_embeddings(self, x_cls: torch.Tensor) -> torch.Tensor:
        """v = normalise(psi(x_cls)) [N, C_t]; x_cls is detached if ``detach_text_video``."""
        video = x_cls.detach() if self.detach_text_video else x_cls
        return F.normalize(self.video_to_text(video), dim=-1)

    def select_semantics(self, video_embeds: torch.Tensor):
        """Label-free top-K in text space.

        Args:
            video_embeds (Tensor): v [N, C_t], unit norm.

        Returns:
            tuple: picked semantics phi_t(s_c) [N, K, d], their class ids [N, K]
            and the ranking scores p [N, N_c] (cosines).
        """
        class_semantics = self.bank.class_semantics(self.bank.bank)   # [N_c, C_t]
        scores = video_embeds @ class_semantics.t()
        picked_ids = scores.topk(self.num_tracklets, dim=-1).indices
        return self.text_proj(class_semantics)[picked_ids], picked_ids, scores

    def forward_art(self, feats: Tuple[torch.Tensor, torch.Tensor]) -> Dict[str, torch.Tensor]:
        """Everything the head computes, for losses and visualisation.

        Returns:
            dict: ``logits`` [N, N_c] (fused), ``logits_global`` [N, N_c],
            ``responses`` [N, T, K, d], ``response_maps`` [N, T, K, L] (softmax over
            L), ``semantics`` [N, T, K, d], ``weights`` [N, K, T] (aggregation),
            ``picked_classes`` [N, K], ``topk_scores`` [N, N_c] and ``video_embeds``
            [N, C_t].
        """
        self.bank.check_is_set()
        x_cls, tokens = feats
        N, T, L, _ = tokens.shape
        K = self.num_tracklets
        global_feat = self.global_proj(x_cls)
        video_embeds = self.video_embeddings(x_cls)
        picked, picked_ids, topk_scores = self.select_semantics(video_embeds)
        if self.learned_semantics is not None:
            picked = self.learned_semantics.unsqueeze(0).expand(N, -1, -1)

        frame_tokens = self.token_proj(tokens) + self._positions(L)  # [N, T, L, d]
        if self.time_embed is not None:
            frame_tokens = frame_tokens + self._times(T)
        frame_tokens = frame_tokens.reshape(N * T, L, -1)
        frame_semantics = picked.unsqueeze(1).expand(N, T, K, -1).reshape(N * T, K, -1)
        if self.enhancer is not None:
            frame_tokens, frame_semantics = self.enhancer(frame_tokens, frame_semantics)
        responses, maps = self.rssa(frame_semantics, frame_tokens)
        responses = responses.reshape(N, T, K, -1)
        semantics = frame_semantics.reshape(N, T, K, -1)
        tracklets, weights = self.aggregator(responses, semantics)

        fused = torch.cat([global_feat, tracklets.flatten(1)], dim=1)
        # float32 scores even under bfloat16 autocast (MMAction2 passes them to NumPy)
        return dict(logits=self.fc_cls(self.dropout(fused)).float(),
                    logits_global=self.fc_global(self.dropout(x_cls)).float(),
                    responses=responses, response_maps=maps.reshape(N, T, K, L),
                    semantics=semantics, weights=weights, picked_classes=picked_ids,
                    topk_scores=topk_scores.float(), video_embeds=video_embeds)

    def forward(self, feats, **kwargs) -> torch.Tensor:
        """(x_cls [N, C_b], tokens [N, T, L, C_tok]) -> fused class scores [N, N_c]."""
        return self.forward_art(feats)['logits']

    # ------------------------------------------------------------------ #
    @staticmethod
    def _labels(data_samples: SampleList, device) -> torch.Tensor:
        """[N] class indices (or [N, N_c] soft labels). Their range is checked by
        :class:`ARTRecognizer` on every rank before the forward pass."""
        labels = torch.stack([s.gt_label for s in data_samples]).to(device)
        if labels.dim() == 2 and labels.shape[1] == 1:
            labels = labels[:, 0]
        return labels

    def classification_loss(self, logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        """``loss_cls`` on logits [N, N_c] with MMAction2's label smoothing
        (``label_smooth_eps``), for class indices [N] or soft labels [N, N_c].

        Same value as ``BaseHead.loss_by_feat``'s ``loss_cls``, without its top-k
        accuracy on the host (ours, :func:`topk_accuracy`, stays on the device).
        """
        return self.loss_cls(logits, smoothed_targets(labels, self.num_classes,
                                                      self.label_smooth_eps))

    def loss(self, feats, data_samples: SampleList, **kwargs) -> Dict[str, torch.Tensor]:
        """All ART losses, each under its own key (see class docstring). Nothing here
        waits for the device: accuracies and rates stay tensors, and
        :class:`ARTRecognizer` reads every logged value in one transfer."""
        out = self.forward_art(feats)
        labels = self._labels(data_samples, out['logits'].device)
        hard_labels = labels.argmax(dim=-1) if labels.dim() == 2 else labels
        losses = {}
        if labels.dim() == 1:
            with torch.no_grad():
                for k in self.topk:
                    losses[f'top{k}_acc'] = topk_accuracy(out['logits'], labels, k)
        losses['loss_cls'] = self.classification_loss(out['logits'], labels)
        losses['loss_cls_global'] = self.loss_global_weight * \
            self.classification_loss(out['logits_global'], labels)
        if self.topk_loss_weight > 0:
            losses['loss_topk'] = self.topk_loss_weight * F.cross_entropy(
                out['topk_scores'] / self.topk_temperature, labels)
        if self.loss_mtc is not None:
            losses.update(self.loss_mtc(out['responses']))
        if self.loss_map_overlap is not None:
            losses.update(self.loss_map_overlap(out['response_maps']))
        if self.loss_text is not None:
            losses.update(self.loss_text(out['video_embeds'], self.bank.agent_bank,
                                         self.bank.prototypes, labels))
            self.bank.update_prototypes(out['video_embeds'].detach(), hard_labels)
        with torch.no_grad():
            losses['topk_hit'] = topk_hit_rate(out['picked_classes'], hard_labels)
            losses['agg_entropy'] = normalised_entropy(out['weights'])
        return losses

    def predict(self, feats, data_samples: SampleList, **kwargs) -> SampleList:
        """MMAction2's prediction (fused scores averaged over views), plus, per
        sample, the classes picked and the aggregation weights of every view
        (``art_picked_classes`` [V, K], ``art_weights`` [V, K, T]) for
        :class:`ARTHeadMetric`."""
        out = self.forward_art(feats)
        data_samples = self.predict_by_feat(out['logits'], data_samples)
        views = out['logits'].shape[0] // len(data_samples)
        picked = out['picked_classes'].reshape(len(data_samples), views, -1)
        weights = out['weights'].float().reshape(len(data_samples), views,
                                                 *out['weights'].shape[1:])
        for sample, sample_picked, sample_weights in zip(data_samples, picked, weights):
            sample.set_field(sample_picked, 'art_picked_classes')
            sample.set_field(sample_weights, 'art_weights')
        return data_samples


def topk_accuracy(logits: torch.Tensor, labels: torch.Tensor, k: int) -> torch.Tensor:
    """Share of rows whose label is among the k highest logits: [N, N_c], [N] -> scalar."""
    top = logits.detach().topk(min(k, logits.shape[-1]), dim=-1).indices
    return (top == labels.unsqueeze(-1)).any(dim=-1).float().mean()


def topk_hit_rate(picked: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Share of rows whose label is among the picked classes: [N, K], [N] -> scalar."""
    return (picked == labels.unsqueeze(-1)).any(dim=-1).float().mean()


def normalised_entropy(weights: torch.Tensor) -> torch.Tensor:
    """Mean entropy of weight rows over the last dim / log(T): 1 uniform, 0 one-hot."""
    T = weights.shape[-1]
    if T < 2:
        return weights.new_ones(())
    entropy = -(weights.float() * weights.float().clamp_min(1e-12).log()).sum(dim=-1)
    return entropy.mean() / math.log(T)

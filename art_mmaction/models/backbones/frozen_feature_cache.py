"""A frozen backbone whose outputs are computed once per clip and kept on disk."""
import hashlib
import os
import os.path as osp
import tempfile
from concurrent.futures import ThreadPoolExecutor
from typing import List, Optional, Sequence, Union

import torch
from mmaction.registry import MODELS
from mmengine.model import BaseModule

Features = Union[torch.Tensor, Sequence[torch.Tensor]]


def _tensor_bytes(tensor: torch.Tensor) -> memoryview:
    """The raw bytes of a tensor (bfloat16, which numpy lacks, by its bit pattern)."""
    data = tensor.detach().cpu().contiguous()
    if data.dtype == torch.bfloat16:
        data = data.view(torch.int16)
    return memoryview(data.numpy()).cast('B')


@MODELS.register_module()
class FrozenFeatureCache(BaseModule):
    """Run a frozen backbone at most once per distinct input clip.

    The frozen-backbone protocol on a CPU: with a deterministic pipeline (no
    random crop or flip) every epoch feeds the same clips, so the backbone's
    outputs are memoised in ``cache_dir``, one file per clip, keyed by a hash of
    the clip's exact bytes, of the backbone's config and weights, and of how it
    runs: the device type and the autocast dtype in force (an ``--amp`` run's
    bfloat16 features are never served to a float32 run, nor CUDA features to a
    CPU run). The weights hash is recomputed whenever a parameter or buffer may
    have changed (loaded, replaced or modified in place: each tensor's storage
    and version counter are compared before every forward). So a cache can never
    serve features of another clip, another preprocessing, other weights or
    another precision; a clip it has not seen is computed and added. A model
    built with this wrapper gives the same outputs as the bare backbone (tested).

    Every parameter of the wrapped backbone is frozen and it stays in eval mode
    (BatchNorm statistics fixed). For fine-tuning, use the bare backbone.

    Args:
        backbone (dict): Config of the wrapped backbone. Its output (a tensor or
            a tuple of tensors, first dim N) is returned unchanged.
        cache_dir (str, optional): Folder of the cache files (created). None keeps
            nothing and only freezes the backbone.

    Shapes:
        x [N, C, T, H, W] -> whatever the backbone returns for it.
    """

    def __init__(self, backbone: dict, cache_dir: Optional[str] = None, init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        # the output depends on the config (e.g. which endpoints), not only the weights
        self._config_key = repr(sorted((k, v) for k, v in backbone.items() if k != 'init_cfg'))
        self.backbone = MODELS.build(backbone)
        self.backbone.requires_grad_(False)
        self.backbone.train(False)  # from the start, not only after the first .train()
        self.cache_dir = cache_dir
        self._weights_key = None
        self._weights_state = None  # what the weights hash was computed from
        self.hits = self.misses = 0

    def train(self, mode: bool = True):
        super().train(mode)
        self.backbone.train(False)
        return self

    def token_geometry(self, input_size):
        """The wrapped backbone's :meth:`token_geometry` (caching moves no token)."""
        if not hasattr(self.backbone, 'token_geometry'):
            raise AttributeError(f'{type(self.backbone).__name__} declares no token geometry')
        return self.backbone.token_geometry(input_size)

    def _weights_signature(self) -> tuple:
        """Cheap identity of the current weights: every tensor's name, storage,
        shape, dtype, device and in-place version counter."""
        return tuple((name, t.data_ptr(), tuple(t.shape), str(t.dtype), str(t.device),
                      t._version) for name, t in self.backbone.state_dict(keep_vars=True).items())

    def weights_fingerprint(self) -> str:
        """Hash of the backbone config, of every parameter and buffer and of the
        backbone's ``weights_identity()`` where it has one (weights held outside
        torch, e.g. an ONNX file), recomputed when :meth:`_weights_signature` says
        the torch tensors may have changed."""
        signature = self._weights_signature()
        if self._weights_key is None or signature != self._weights_state:
            digest = hashlib.blake2b(digest_size=16)
            digest.update(self._config_key.encode())
            if hasattr(self.backbone, 'weights_identity'):  # weights outside torch (ONNX)
                digest.update(self.backbone.weights_identity().encode())
            for name, tensor in sorted(self.backbone.state_dict().items()):
                digest.update(name.encode())
                digest.update(str(tensor.dtype).encode())
                digest.update(_tensor_bytes(tensor))
            self._weights_key, self._weights_state = digest.hexdigest(), signature
        return self._weights_key

    @staticmethod
    def run_key(x: torch.Tensor) -> str:
        """How the backbone will run on ``x``: device type and autocast dtype."""
        device = x.device.type
        try:
            enabled = torch.is_autocast_enabled(device)
        except RuntimeError:  # a device type autocast does not know (e.g. meta)
            enabled = False
        if enabled:
            return f'{device}/autocast-{torch.get_autocast_dtype(device)}'
        return f'{device}/no-autocast'

    @staticmethod
    def clip_key(clip: torch.Tensor, weights_key: str, run_key: str) -> str:
        """The cache key of one clip: weights, how they run, the clip's exact bytes."""
        digest = hashlib.blake2b(digest_size=20)
        digest.update(weights_key.encode())
        digest.update(run_key.encode())
        digest.update(str((tuple(clip.shape), clip.dtype)).encode())
        digest.update(_tensor_bytes(clip))
        return digest.hexdigest()

    def _path(self, key: str) -> str:
        return osp.join(self.cache_dir, key[:2], key + '.pth')

    def _save(self, path: str, features: List[torch.Tensor], is_tuple: bool) -> None:
        os.makedirs(osp.dirname(path), exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=osp.dirname(path), suffix='.tmp')
        os.close(handle)
        torch.save(dict(is_tuple=is_tuple, features=[f.clone() for f in features]), tmp)
        os.replace(tmp, path)  # atomic: ranks and workers never read a partial file

    @torch.no_grad()
    def forward(self, x: torch.Tensor) -> Features:
        if self.cache_dir is None:
            return self.backbone(x)
        weights_key, run_key = self.weights_fingerprint(), self.run_key(x)
        with ThreadPoolExecutor(max_workers=min(len(x), 4)) as pool:  # hashlib frees the GIL
            keys = list(pool.map(lambda clip: self.clip_key(clip, weights_key, run_key), x))
        found, is_tuple = {}, None
        for i, key in enumerate(keys):
            path = self._path(key)
            if osp.isfile(path):
                saved = torch.load(path, map_location='cpu', weights_only=True)
                found[i], is_tuple = [t.to(x.device) for t in saved['features']], saved['is_tuple']
        todo = [i for i in range(len(keys)) if i not in found]
        self.hits, self.misses = self.hits + len(found), self.misses + len(todo)
        if todo:
            out = self.backbone(x[todo])
            is_tuple = not isinstance(out, torch.Tensor)
            parts = list(out) if is_tuple else [out]
            for row, i in enumerate(todo):
                found[i] = [p[row] for p in parts]
                self._save(self._path(keys[i]), found[i], is_tuple)
        stacked = [torch.stack([found[i][j] for i in range(len(keys))])
                   for j in range(len(found[0]))]
        return tuple(stacked) if is_tuple else stacked[0]

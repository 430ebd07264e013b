"""Peak per-GPU training memory of a config at its configured clips per GPU.

    python tools/analysis_tools/train_memory.py configs/art_uniformerv2_finegym.py \
        [--settings shipped fp32 mixed fp32+cp mixed+cp] [--batches 1 2] [--gpu-gib 48] \
        [--out record.json]
    python tools/analysis_tools/train_memory.py --table record.json [record.json ...]

The config's real architecture is built with random weights (no download) and trained
for one step on random clips of the config's shape, with the config's own optimizer
(so its state is the real one: AdamW keeps two tensors a parameter, SGD with momentum
one). Each measurement runs in a fresh process. Peak memory of that step is the model,
its gradients, the optimizer state and the activations kept for the backward pass, and
the backward pass's own temporaries:

* on CUDA, ``torch.cuda.max_memory_allocated`` at each measured batch and, with
  ``--direct``, at the configured clips per GPU itself (with the step's time: one step,
  the first, so an upper bound of a warm step's);
* on CPU, the resident set's high-water mark during that step (``VmHWM``, reset once
  the model and the optimizer state exist) less the process's size before the model
  was built, with every allocation above 128 KiB mapped on its own and returned when
  freed (``MALLOC_MMAP_THRESHOLD_``), so that the resident set is the memory in use;
  then extrapolated linearly in the batch from two measured batches (default 1
  and 2): peak(B) = peak(b1) + (B - b1) * (peak(b2) - peak(b1)) / (b2 - b1). Everything a
  clip adds (activations, their gradients) scales with the batch; model and optimizer
  state do not. With one measured batch the state is taken from the parameter count
  and the rest scaled by B.

Settings: ``fp32``; ``mixed``, autocast as MMAction2's ``AmpOptimWrapper`` runs it (fp16
on CUDA; bfloat16 on CPU, the same two bytes an activation); ``+cp``, activation
checkpointing of the backbone's blocks (``model.backbone.with_cp``) and of ART's SE and
RSSA layers (``model.cls_head.with_cp``), none without it; ``shipped``, what the config
itself sets (named so in the output, e.g. ``fp32+head-cp``).

CPU figures differ from a GPU's where the kernels differ: PyTorch's CUDA attention
kernels keep no attention map where its CPU kernels do (dropout on the weights), and
cuDNN's workspaces are not counted. docs/training_testing.md gives the table and the
measured error of the extrapolation.
"""
import argparse
import gc
import json
import os
import os.path as osp
import subprocess
import sys
import tempfile
import time

import torch

sys.path.insert(0, osp.dirname(osp.abspath(__file__)))
from benchmark import (REPO, PeakMemory, build_model_from_cfg, clip_shape,  # noqa: E402
                       training_batch)

SETTINGS = ('shipped', 'fp32', 'mixed', 'fp32+cp', 'mixed+cp')
GIB = 2 ** 30


def shipped_setting(cfg) -> str:
    """The precision and checkpointing a config trains with, as a setting name: ``+cp``
    where the backbone is checkpointed (and ART's head with it), ``+head-cp`` where only
    ART's head is."""
    precision = 'mixed' if cfg.optim_wrapper.get('type') == 'AmpOptimWrapper' else 'fp32'
    backbone = cfg.model.backbone.get('backbone', cfg.model.backbone)
    if backbone.get('with_cp'):
        return precision + '+cp'
    return precision + ('+head-cp' if cfg.model.cls_head.get('with_cp') else '')


def apply_setting(cfg, setting: str) -> str:
    """Switch the config's checkpointing to ``setting`` (in place; ``shipped`` leaves it
    as it is) and return the setting's precision."""
    if setting == 'shipped':
        return shipped_setting(cfg).partition('+')[0]
    precision, _, cp = setting.partition('+')
    with_cp = cp == 'cp'
    backbone = cfg.model.backbone.get('backbone', cfg.model.backbone)
    if backbone.type == 'UniFormerV2':
        backbone.type = 'UniFormerV2WithCP'
    if with_cp or 'with_cp' in backbone:
        if backbone.type not in ('UniFormerV2WithCP', 'UniFormerV2WithTokens',
                                 'SwinTransformer3D'):
            raise ValueError(f'{backbone.type} has no activation checkpointing (with_cp)')
        backbone.with_cp = with_cp
    if cfg.model.type == 'ARTRecognizer':
        cfg.model.cls_head.with_cp = with_cp
    return precision


def measure(config: str, setting: str, batch: int, cfg_options: dict = None) -> dict:
    """One training step at ``batch`` clips; runs in its own process (``--worker``)."""
    from mmengine.config import Config
    from mmengine.optim import build_optim_wrapper

    from art_mmaction.engine import CPUBF16OptimWrapper
    device = 'cuda' if torch.cuda.is_available() else 'cpu'
    cfg = Config.fromfile(osp.join(REPO, config))
    precision = apply_setting(cfg, setting)
    cfg.merge_from_dict(cfg_options or {})
    memory = PeakMemory(device)
    with tempfile.TemporaryDirectory() as tmp_dir:
        model = build_model_from_cfg(cfg, device, tmp_dir)
    model.train()
    optim_cfg = dict(cfg.optim_wrapper.to_dict(), type='OptimWrapper')
    optim_cfg.pop('loss_scale', None)
    optim = build_optim_wrapper(model, optim_cfg)
    trainable = [p for p in model.parameters() if p.requires_grad]
    for p in trainable:   # the optimizer's state exists from the first step on
        p.grad = torch.zeros_like(p)
    optim.step()
    optim.zero_grad()
    state_bytes = sum(t.numel() * t.element_size() for s in optim.optimizer.state.values()
                      for t in s.values() if torch.is_tensor(t))
    param_bytes = sum(p.numel() * p.element_size() for p in model.parameters())
    grad_bytes = sum(p.numel() * p.element_size() for p in trainable)
    state_mb = memory.peak_mb()   # model + optimizer state, resident now
    shape = clip_shape(cfg)
    data = training_batch(batch, shape, cfg.model.cls_head.num_classes, device)
    autocast = torch.autocast(device, dtype=torch.float16 if device == 'cuda' else torch.bfloat16,
                              enabled=precision == 'mixed')
    gc.collect()
    memory.reset()
    if device == 'cuda':
        torch.cuda.synchronize()
    start = time.perf_counter()
    data = model.data_preprocessor(data, True)
    # MMAction2's heads hand scores to NumPy, which has no bfloat16 (as CPUBF16OptimWrapper)
    model.cls_head.register_forward_hook(CPUBF16OptimWrapper._scores_to_float32)
    with autocast:
        losses = model(**data, mode='loss')
    loss, _ = model.parse_losses(losses)
    loss.backward()
    optim.step()
    if device == 'cuda':
        torch.cuda.synchronize()
    step_seconds = time.perf_counter() - start
    peak_mb = memory.peak_mb()   # since the process began to build the model
    return dict(config=config, setting=setting, precision=precision, batch=batch,
                device=device, clip=list(shape), memory_method=memory.method,
                params_gib=param_bytes / GIB, grads_gib=grad_bytes / GIB,
                optimizer_state_gib=state_bytes / GIB, state_resident_gib=state_mb / 1024,
                peak_gib=peak_mb / 1024, step_seconds=step_seconds)


def extrapolate(points: dict, batch: int, state_gib: float) -> float:
    """Peak at ``batch`` from measured {batch: peak}: the line through the two smallest
    batches, or, from one batch, the model state plus the rest scaled by the batch."""
    measured = sorted(points)
    if batch in points:
        return points[batch]
    if len(measured) >= 2:
        b1, b2 = measured[:2]
        return points[b1] + (batch - b1) * (points[b2] - points[b1]) / (b2 - b1)
    b1 = measured[0]
    return state_gib + (points[b1] - state_gib) * batch / b1


def markdown_table(records: list) -> str:
    """The table of docs/training_testing.md from the JSON records of ``--out``: one row a
    config, one column a setting, the shipped setting named in the last columns."""
    settings = ['fp32', 'mixed', 'fp32+cp', 'mixed+cp']
    rows = {}
    gpu_gib = records[0]['gpu_gib']
    for record in records:
        for row in record['rows']:
            entry = rows.setdefault(row['config'], dict(clips=row['clips_per_gpu']))
            if 'peak_gib' not in row:
                continue
            how = '' if len(row['measured']) > 1 else '*'
            cell = f"{row['peak_gib']:.1f}{how}"
            name = row['setting']
            if name.endswith(' (shipped)'):
                name = name[:-len(' (shipped)')]
                entry['shipped'] = (name, row['peak_gib'], cell)
            entry[name] = cell
    lines = ['| config | clips / GPU | ' + ' | '.join(settings) +
             f' | shipped setting | shipped, GiB | fits {gpu_gib:g} GB |',
             '|---|---|' + '---|' * (len(settings) + 3)]
    for config, entry in rows.items():
        shipped = entry.get('shipped')
        tail = ['-', '-', '-'] if shipped is None else \
            [shipped[0], shipped[2], 'yes' if shipped[1] <= gpu_gib else '**no**']
        lines.append(f"| `{osp.basename(config)}` | {entry['clips']} | " +
                     ' | '.join(entry.get(s, '-') for s in settings) + ' | ' +
                     ' | '.join(tail) + ' |')
    return '\n'.join(lines)


def run_worker(config: str, setting: str, batch: int, cfg_options: list = ()) -> dict:
    # every allocation above 128 KiB its own mapping, returned to the system when freed,
    # so that the resident set follows the memory in use (glibc otherwise keeps freed
    # blocks under a threshold that it raises itself, up to 32 MiB)
    env = dict(os.environ, MALLOC_MMAP_THRESHOLD_='131072')
    options = ['--cfg-options', *cfg_options] if cfg_options else []
    done = subprocess.run([sys.executable, __file__, config, '--worker', setting, str(batch),
                           *options], capture_output=True, text=True, cwd=REPO, env=env)
    lines = [line for line in done.stdout.splitlines() if line.startswith('RESULT ')]
    if done.returncode != 0 or not lines:
        tail = done.stderr.strip().splitlines()[-1:] or ['(no output)']
        return dict(config=config, setting=setting, batch=batch,
                    error=f'exit {done.returncode}: {tail[0][:300]}')
    return json.loads(lines[-1][len('RESULT '):])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('configs', nargs='+')
    parser.add_argument('--settings', nargs='+', choices=SETTINGS, default=['shipped'])
    parser.add_argument('--batches', type=int, nargs='+', default=[1, 2],
                        help='clips per step to measure (two give the line; one: see above)')
    parser.add_argument('--direct', action='store_true',
                        help='also measure at the configured clips per GPU (CUDA)')
    parser.add_argument('--gpu-gib', type=float, default=48.0,
                        help='the GPU memory to check the peak against')
    parser.add_argument('--cfg-options', nargs='+', default=[], metavar='KEY=VALUE',
                        help='config overrides applied after the setting (every config)')
    parser.add_argument('--out', help='write every measurement and estimate to this JSON')
    parser.add_argument('--table', action='store_true',
                        help='the arguments are --out records: print their Markdown table')
    parser.add_argument('--worker', nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.table:
        records = []
        for path in args.configs:
            with open(path) as f:
                records.append(json.load(f))
        print(markdown_table(records))
        return
    if args.worker:
        setting, batch = args.worker
        from mmengine.config import DictAction
        overrides = {key: DictAction._parse_iterable(value)
                     for key, value in (o.split('=', 1) for o in args.cfg_options)}
        print('RESULT ' + json.dumps(measure(args.configs[0], setting, int(batch), overrides)))
        return
    from mmengine.config import Config
    rows, failed = [], False
    for config in args.configs:
        config = osp.relpath(osp.abspath(config), REPO)
        cfg = Config.fromfile(osp.join(REPO, config))
        per_gpu = cfg.train_dataloader.batch_size
        for setting in args.settings:
            name = shipped_setting(cfg) + ' (shipped)' if setting == 'shipped' else setting
            batches = sorted(set(args.batches) | ({per_gpu} if args.direct else set()))
            runs = [run_worker(config, setting, b, args.cfg_options) for b in batches]
            errors = [r['error'] for r in runs if 'error' in r]
            row = dict(config=config, setting=name, clips_per_gpu=per_gpu, runs=runs)
            if errors:
                row['error'] = errors[0]
                failed = True
                print(f'{config:55s} {name:18s} x{per_gpu}: not measured: {errors[0]}')
            else:
                points = {r['batch']: r['peak_gib'] for r in runs}
                state = runs[0]['params_gib'] + runs[0]['grads_gib'] + runs[0]['optimizer_state_gib']
                row.update(peak_gib=extrapolate(points, per_gpu, state),
                           measured={str(b): round(p, 3) for b, p in points.items()},
                           direct=per_gpu in points, device=runs[0]['device'])
                fits = row['peak_gib'] <= args.gpu_gib
                how = 'measured' if row['direct'] else f'from batches {sorted(points)}'
                steps = ', '.join(f'{r["batch"]}: {r["step_seconds"]:.2f} s' for r in runs)
                print(f'{config:55s} {name:18s} x{per_gpu}: {row["peak_gib"]:6.1f} GiB '
                      f'({how}, {runs[0]["device"]}; state {state:.1f} GiB; step {steps}) '
                      f'{"fits" if fits else "does NOT fit"} {args.gpu_gib:g} GiB')
            rows.append(row)
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(dict(gpu_gib=args.gpu_gib, rows=rows), f, indent=1)
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()

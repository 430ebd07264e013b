"""Our configs and checkpoints through MMAction2's own tools, as OpenMMLab users run them."""
import os.path as osp
import sys

import pytest
import torch

from conftest import TINY_ART, data_options, load_ckpt, random_bank, run_tool, tiny_art_cfg


def stock_tool(name):
    """MMAction2's own tools/<name>, as its package ships them (``mmaction/.mim``)."""
    import mmaction
    path = osp.join(osp.dirname(mmaction.__file__), '.mim', 'tools', name)
    if not osp.isfile(path):
        pytest.skip(f'this MMAction2 install ships no {path}')
    return path


def test_stock_mmaction_train_and_test_run_an_art_config(tmp_path, synthetic_data):
    """Nothing but the config's ``custom_imports`` brings ART in."""
    random_bank(tmp_path / 'bank.pth', num_prompts=8, num_classes=4, dims=384)
    options = data_options(synthetic_data) + [
        'model.cls_head.num_classes=4', f"model.cls_head.bank.bank_file={tmp_path / 'bank.pth'}",
        'train_cfg.max_epochs=1', 'default_hooks.logger.interval=1']
    work = tmp_path / 'stock'
    trained = run_tool(sys.executable, stock_tool('train.py'), TINY_ART, '--work-dir', work,
                       '--cfg-options', *options)
    assert trained.returncode == 0, trained.stderr[-3000:]
    log = trained.stdout + trained.stderr
    assert 'loss_mtc_temporal' in log and 'art/topk_hit' in log
    state = load_ckpt(work / 'epoch_1.pth')['state_dict']
    assert 'cls_head.bank.agent_bank' in state
    test_options = [f"test_dataloader.dataset.ann_file={synthetic_data['ann_file_val']}",
                    f"test_dataloader.dataset.data_prefix.video={synthetic_data['data_root']}",
                    'test_dataloader.num_workers=0', 'test_dataloader.persistent_workers=False',
                    'model.cls_head.num_classes=4',
                    f"model.cls_head.bank.bank_file={tmp_path / 'bank.pth'}"]
    tested = run_tool(sys.executable, stock_tool('test.py'), TINY_ART, work / 'epoch_1.pth',
                      '--work-dir', work, '--cfg-options', *test_options)
    assert tested.returncode == 0, tested.stderr[-3000:]
    assert 'acc/top1' in tested.stdout + tested.stderr


def test_mmaction_inferencer_runs_an_art_checkpoint(tmp_path, synthetic_data):
    from mmaction.apis import inference_recognizer
    from mmaction.apis.inferencers import ActionRecogInferencer
    from mmaction.registry import MODELS
    from mmengine.config import Config

    from art_mmaction.apis import init_checked_recognizer
    random_bank(tmp_path / 'bank.pth')
    cfg = Config.fromfile(TINY_ART)
    cfg.model = tiny_art_cfg(tmp_path / 'bank.pth')
    model = MODELS.build(cfg.model)
    model.init_weights()
    torch.save(dict(meta=dict(epoch=1), state_dict=model.state_dict()), tmp_path / 'art.pth')
    first = open(synthetic_data['ann_file_val']).readline().split()[0]
    video = osp.join(synthetic_data['data_root'], first)

    inferencer = ActionRecogInferencer(model=cfg, weights=str(tmp_path / 'art.pth'),
                                       device='cpu')
    result = inferencer(video)
    (prediction,) = result['predictions']
    reference = inference_recognizer(
        init_checked_recognizer(cfg, str(tmp_path / 'art.pth')), video).pred_score
    assert torch.allclose(torch.tensor(prediction['pred_scores']), reference, atol=1e-5)
    assert prediction['pred_labels'][0] == int(reference.argmax())

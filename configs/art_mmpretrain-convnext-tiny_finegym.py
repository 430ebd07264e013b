# ART on an mmpretrain backbone through the same adapter: ConvNeXt-T, per frame.
# MMAction2 builds `mmpretrain.`-scoped types from mmpretrain's registry.
_base_ = ['art_tsm-r50_finegym.py']
model = dict(
    backbone=dict(
        backbone=dict(_delete_=True, type='mmpretrain.ConvNeXt', arch='tiny',
                      out_indices=(3, ), gap_before_final_norm=False,
                      init_cfg=dict(type='Pretrained', prefix='backbone.',
                                    checkpoint='https://download.openmmlab.com/mmclassification/v0/convnext/convnext-tiny_32xb128_in1k_20220124-18abde00.pth'))),
    cls_head=dict(in_channels=768, num_tokens=49))

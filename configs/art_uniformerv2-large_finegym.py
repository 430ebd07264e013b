# ART, UniFormerV2 ViT-L/14, FineGym99, 16 x 224 (the paper's Table VII setting).
# CLIP ViT-L/14 text width is 768: build the bank with --model ViT-L-14.
_base_ = ['art_uniformerv2_finegym.py']
k710_large = ('https://download.openmmlab.com/mmaction/v1.0/recognition/uniformerv2/'
              'kinetics710/uniformerv2-large-p14-res224_clip-pre_u8_kinetics710-rgb_20221219-9a2a5d3c.pth')
model = dict(
    backbone=dict(patch_size=14, width=1024, layers=24, heads=16,
                  return_list=[20, 21, 22, 23], n_dim=1024, n_head=16,
                  init_cfg=dict(checkpoint=k710_large)),
    cls_head=dict(in_channels=1024, num_tokens=256,
                  bank=dict(text_dims=768, bank_file='data/gym/text_bank_gym99_vitl14.pth')))

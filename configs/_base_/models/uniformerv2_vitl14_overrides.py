# UniFormerV2 ViT-L/14 settings, as a variable both the ART and baseline ViT-L/14 configs
# merge into their ViT-B/16 model. The backbone starts from MMAction2's Kinetics-400
# recognizer of ViT-L/14 trained at 16 frames (CLIP -> Kinetics-710 -> Kinetics-400, the
# paper's Table I pretraining and its T = 16); `vitl14_k710_checkpoint` is the Kinetics-710
# checkpoint it was fine-tuned from. Its blocks are checkpointed (with_cp): at 8 clips per
# GPU in fp32 the activations of 24 ViT-L blocks alone would not fit an 80 GB GPU
# (docs/training_testing.md#memory); checkpointing recomputes them in the backward pass,
# with identical results, for about one more forward of the backbone per step.
vitl14_k400_checkpoint = (
    'https://download.openmmlab.com/mmaction/v1.0/recognition/uniformerv2/kinetics400/'
    'uniformerv2-large-p14-res224_clip-kinetics710-pre_u16_kinetics400-rgb_20221219-6dc86d05.pth')
vitl14_k710_checkpoint = (
    'https://download.openmmlab.com/mmaction/v1.0/recognition/uniformerv2/kinetics710/'
    'uniformerv2-large-p14-res224_clip-pre_u8_kinetics710-rgb_20230612-d002a407.pth')
vitl14_backbone = dict(
    patch_size=14, width=1024, layers=24, heads=16, return_list=[20, 21, 22, 23],
    n_dim=1024, n_head=16, with_cp=True, init_cfg=dict(checkpoint=vitl14_k400_checkpoint))

# Kinetics-400.
_base_ = ['video_16x224.py']
num_classes = 400
data_root = 'data/kinetics400/videos'
ann_file_train = 'data/kinetics400/kinetics400_train_list_videos.txt'
ann_file_val = 'data/kinetics400/kinetics400_val_list_videos.txt'
# ART's text bank for these classes (tools/build_text_bank.py; docs/text_banks.md).
text_bank_file = 'data/kinetics400/text_bank_vitb16.pth'
train_dataloader = dict(dataset=dict(ann_file=ann_file_train, data_prefix=dict(video=data_root)))
val_dataloader = dict(dataset=dict(ann_file=ann_file_val, data_prefix=dict(video=data_root)))
test_dataloader = dict(dataset=dict(ann_file=ann_file_val, data_prefix=dict(video=data_root)))

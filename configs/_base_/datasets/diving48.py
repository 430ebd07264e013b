# Diving48 (V2 annotations).
_base_ = ['video_16x224.py']
num_classes = 48
data_root = 'data/diving48/videos'
ann_file_train = 'data/diving48/annotations/train.txt'
ann_file_val = 'data/diving48/annotations/test.txt'
# ART's text bank for these classes (tools/build_text_bank.py; docs/text_banks.md).
text_bank_file = 'data/diving48/text_bank_vitb16.pth'
train_dataloader = dict(dataset=dict(ann_file=ann_file_train, data_prefix=dict(video=data_root)))
val_dataloader = dict(dataset=dict(ann_file=ann_file_val, data_prefix=dict(video=data_root)))
test_dataloader = dict(dataset=dict(ann_file=ann_file_val, data_prefix=dict(video=data_root)))

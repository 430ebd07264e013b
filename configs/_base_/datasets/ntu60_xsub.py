# NTU RGB+D 60, cross-subject split, RGB videos. MMAction2 prepares NTU60 as skeletons
# only (tools/data/skeleton): write these two lists yourself from the RGB release
# (docs/data_preparation.md).
_base_ = ['video_16x224.py']
num_classes = 60
data_root = 'data/ntu60/videos'
ann_file_train = 'data/ntu60/annotations/xsub_train.txt'
ann_file_val = 'data/ntu60/annotations/xsub_val.txt'
# ART's text bank for these classes (tools/data/build_text_bank.py; docs/text_banks.md).
text_bank_file = 'data/ntu60/text_bank_vitb16.pth'
train_dataloader = dict(dataset=dict(ann_file=ann_file_train, data_prefix=dict(video=data_root)))
val_dataloader = dict(dataset=dict(ann_file=ann_file_val, data_prefix=dict(video=data_root)))
test_dataloader = dict(dataset=dict(ann_file=ann_file_val, data_prefix=dict(video=data_root)))

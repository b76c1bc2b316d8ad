"""Fine-tuning the PP-OCR recognizer on a CPU (`guji ocr-train`, docs/ocr-training.md).

This package is the only place guji imports torch (the optional `train` extra):

    corpus     text to print: guji's classics, the Kanripo corpus, random characters
    render     single columns printed, carved, worn and scanned (wear)
    proofread  columns cut from proofread pages (guji-gt/1 JSON or gt_columns.tsv)
    columns    draws columns and turns them into the recognizer's input
    network    the ONNX recognizer as torch modules, and the weights back into ONNX
    fit        the CTC training loop
    score      character error rates of an ONNX model
    run        the whole run and its record
"""

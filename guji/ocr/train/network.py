"""The PP-OCR recognizer as a trainable torch module, and back to ONNX.

The stock ONNX graph is converted with onnx2torch after its three `SAME_UPPER` pads are
made explicit (onnx2torch does not convert automatic padding). The graph is cut where the
convolutional backbone ends (its last average pool, one row high): the part after it,
the SVTR neck and the CTC classifier, is the "head" that `--train head` tunes, so the
backbone's features of a column can be computed once without gradients.

Export writes the trained weights back into a copy of the stock ONNX graph rather than
tracing the torch module: a traced graph freezes the reshapes to the traced width, while
the stock graph reads columns of any width. Which torch tensor is which ONNX initializer
is found by converting a copy of the graph whose weights are stamped with their index.
"""

from __future__ import annotations

import copy
import sys
import types
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import torch
from onnx import helper, numpy_helper
from torch import fx, nn

from guji.pipeline.errors import ProcessingError

# onnx2torch's Slice indexes with a list, which torch warns about on every call.
warnings.filterwarnings("ignore", message="Using a non-tuple sequence", category=UserWarning)


def _import_onnx2torch() -> Any:
    # onnx2torch imports torchvision for two detection operators the recognizer does not
    # use; a torchvision built for another torch fails to import, so stand in for it then.
    try:
        import torchvision  # noqa: F401
    except Exception:
        for name in [m for m in sys.modules if m.startswith("torchvision")]:
            del sys.modules[name]
        stand_in, ops = types.ModuleType("torchvision"), types.ModuleType("torchvision.ops")
        ops.roi_align = None  # type: ignore[attr-defined]
        stand_in.ops = ops  # type: ignore[attr-defined]
        sys.modules["torchvision"], sys.modules["torchvision.ops"] = stand_in, ops
    import onnx2torch

    return onnx2torch


def _explicit_pads(model: onnx.ModelProto) -> onnx.ModelProto:
    model = copy.deepcopy(model)
    for node in model.graph.node:
        for attr in list(node.attribute):
            if attr.name == "auto_pad" and attr.s == b"SAME_UPPER":
                kernel = next(a.ints for a in node.attribute if a.name == "kernel_shape")
                strides = next((a.ints for a in node.attribute if a.name == "strides"), [1, 1])
                if any(s != 1 for s in strides):
                    raise ProcessingError(f"{node.name}: SAME_UPPER with strides {strides}",
                                          hint="only stride-1 automatic padding is handled")
                total = [k - 1 for k in kernel]
                node.attribute.remove(attr)
                # SAME_UPPER puts the odd pixel at the end.
                node.attribute.append(helper.make_attribute(
                    "pads", [t // 2 for t in total] + [t - t // 2 for t in total]))
    return model


@dataclass
class Recognizer:
    """The recognizer split in two: `backbone` (image → features) and `head`
    (features → logits), plus what export needs."""

    backbone: fx.GraphModule
    head: fx.GraphModule
    onnx_model: onnx.ModelProto  # the stock graph, exported into
    tensor_names: dict[str, str]  # torch state_dict key → ONNX initializer name

    def modules(self) -> list[nn.Module]:
        return [self.backbone, self.head]

    def logits(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.backbone(x))

    def trainable(self, part: str) -> list[nn.Parameter]:
        """Parameters to tune: `head` (neck and classifier) or `all`."""
        parts = [self.head] if part == "head" else [self.backbone, self.head]
        return [p for m in parts for p in m.parameters()]


def load_recognizer(path: Path) -> Recognizer:
    """The ONNX recognizer at `path` as torch modules, weights trainable, BN frozen."""
    onnx2torch = _import_onnx2torch()
    stock = onnx.load(str(path))
    graph = _explicit_pads(stock)
    model = onnx2torch.convert(graph)
    stamped = onnx2torch.convert(_stamped(graph))
    names = _initializer_names(model, stamped, graph)
    logits_of(model)
    backbone, head = _split(model)
    for module in (backbone, head):
        _buffers_to_parameters(module)
        module.eval()  # frozen batch-norm statistics: batches are small
    return Recognizer(backbone, head, stock, names)


def logits_of(model: fx.GraphModule) -> None:
    """Drop the final softmax: CTC wants log-probabilities, from logits."""
    output = next(n for n in model.graph.nodes if n.op == "output")
    softmax = output.args[0]
    if not (isinstance(softmax, fx.Node) and softmax.op == "call_module"
            and "Softmax" in type(model.get_submodule(str(softmax.target))).__name__):
        raise ProcessingError("the recognizer does not end in a softmax",
                              hint="use a PP-OCR recognizer with the stock output")
    output.args = (softmax.args[0],)
    model.graph.erase_node(softmax)
    model.recompile()


def _stamped(model: onnx.ModelProto) -> onnx.ModelProto:
    """A copy whose float weights (more than one value) all hold their index + 1."""
    model = copy.deepcopy(model)
    for i, init in enumerate(model.graph.initializer):
        array = numpy_helper.to_array(init)
        if array.dtype == np.float32 and array.size > 1:
            init.CopyFrom(numpy_helper.from_array(np.full(array.shape, i + 1, np.float32),
                                                  init.name))
    return model


def _initializer_names(model: nn.Module, stamped: nn.Module,
                       graph: onnx.ModelProto) -> dict[str, str]:
    inits = list(graph.graph.initializer)
    names: dict[str, str] = {}
    real = model.state_dict()
    for key, value in stamped.state_dict().items():
        if not value.is_floating_point() or value.numel() <= 1:
            continue
        stamp = value.flatten()[0].item()
        index = int(stamp) - 1
        if stamp != index + 1 or not 0 <= index < len(inits) or not torch.all(value == stamp):
            raise ProcessingError(f"cannot tell which ONNX weight {key} is",
                                  hint="the recognizer graph is not the one expected")
        if tuple(inits[index].dims) != tuple(real[key].shape):
            raise ProcessingError(f"{key}: shape {tuple(real[key].shape)} differs from "
                                  f"{inits[index].name} {tuple(inits[index].dims)}")
        names[key] = inits[index].name
    return names


def _split(model: fx.GraphModule) -> tuple[fx.GraphModule, fx.GraphModule]:
    nodes = list(model.graph.nodes)
    cut = next(n for n in nodes if n.op == "call_module"
               and type(model.get_submodule(str(n.target))).__name__ == "AvgPool2d")
    position = nodes.index(cut)
    front, back = fx.Graph(), fx.Graph()
    env: dict[fx.Node, fx.Node] = {}
    for node in nodes[:position + 1]:
        env[node] = front.node_copy(node, lambda n: env[n])
    front.output(env[cut])
    env2: dict[fx.Node, fx.Node] = {cut: back.placeholder("features")}
    for node in nodes[position + 1:]:
        if node.op == "get_attr":
            env2[node] = back.node_copy(node)
            continue

        def lookup(n: fx.Node) -> fx.Node:
            if n not in env2:
                if n.op != "get_attr":
                    raise ProcessingError(f"the head reads {n.name} from inside the backbone")
                env2[n] = back.node_copy(n)
            return env2[n]

        env2[node] = back.node_copy(node, lookup)
    return fx.GraphModule(model, front), fx.GraphModule(model, back)


def _buffers_to_parameters(module: nn.Module) -> None:
    """onnx2torch keeps MatMul and LayerNorm weights as buffers: make them trainable."""
    for sub in module.modules():
        for name, value in list(sub._buffers.items()):
            if value is not None and value.is_floating_point() and value.numel() > 1 \
                    and "running" not in name:
                del sub._buffers[name]
                sub.register_parameter(name, nn.Parameter(value.clone()))


def export(recognizer: Recognizer, path: Path, metadata: dict[str, str]) -> None:
    """Write the stock graph with the trained weights and `metadata` added (kept: the
    stock `character` list)."""
    model = copy.deepcopy(recognizer.onnx_model)
    by_name = {init.name: init for init in model.graph.initializer}
    state: dict[str, torch.Tensor] = {}
    for module in recognizer.modules():
        state.update(module.state_dict())
    written = 0
    for key, value in state.items():
        name = recognizer.tensor_names.get(key)
        if name is None:
            continue
        by_name[name].CopyFrom(numpy_helper.from_array(
            value.detach().cpu().numpy().astype(np.float32), name))
        written += 1
    if written == 0:
        raise ProcessingError("no trained weight found its place in the ONNX graph")
    props = {p.key: p.value for p in model.metadata_props}
    props.update(metadata)
    del model.metadata_props[:]
    for key, value in props.items():
        model.metadata_props.append(onnx.StringStringEntryProto(key=key, value=value))
    path.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(path))

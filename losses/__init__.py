"""NumPy reference implementations of loss functions, activations and their gradients.

Every loss ``f(input, target, *, ..., reduction="mean")`` follows PyTorch's
functional API and has ``f_grad`` with the same arguments, returning the
derivative of the loss with respect to ``input`` in the shape of ``input``.
"""

from . import activations, classification, dynamics, regression
from .activations import (
    log_softmax,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    softmax,
    softmax_jacobian,
    softplus,
    softplus_grad,
    tanh,
    tanh_grad,
)
from .classification import (
    binary_cross_entropy,
    binary_cross_entropy_grad,
    binary_cross_entropy_with_logits,
    binary_cross_entropy_with_logits_grad,
    binary_hinge,
    binary_hinge_grad,
    cross_entropy,
    cross_entropy_grad,
    kl_div,
    kl_div_grad,
    multiclass_hinge,
    multiclass_hinge_grad,
    nll_loss,
    nll_loss_grad,
    sigmoid_focal_loss,
    sigmoid_focal_loss_grad,
)
from .dynamics import (
    ChainHistory,
    NeuronHistory,
    clip_grad_norm,
    clip_grad_value,
    l2_penalty,
    l2_penalty_grad,
    layer_gradient_norms,
    train_scalar_chain,
    train_sigmoid_neuron,
)
from .regression import huber, huber_grad, l1, l1_grad, mse, mse_grad, smooth_l1, smooth_l1_grad

__version__ = "0.1.0"

__all__ = activations.__all__ + regression.__all__ + classification.__all__ + dynamics.__all__

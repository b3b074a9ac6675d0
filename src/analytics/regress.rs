//! Linear regression by least squares and by gradient descent.
